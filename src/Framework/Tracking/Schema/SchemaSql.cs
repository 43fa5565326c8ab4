namespace Research.Framework.Tracking.Schema;

/// <summary>
/// Turns table declarations into the CREATE statements that make them. Tables come in dependency order
/// (each after every table its foreign keys reference, otherwise in declaration order), each followed
/// by its indexes; triggers come last, since a trigger's body may name any table.
/// </summary>
public static class SchemaSql
{
    /// <summary>Every statement that creates <paramref name="tables"/>, in an order SQLite (and a reader) can follow.</summary>
    public static IReadOnlyList<string> CreateStatements(IReadOnlyList<Table> tables)
    {
        var ordered = DependencyOrder(tables);
        return
        [
            .. ordered.SelectMany(t => t.Indexes.Select(i => CreateIndex(t, i)).Prepend(CreateTable(t))),
            .. ordered.SelectMany(t => t.Triggers.Select(trigger => CreateTrigger(t, trigger))),
        ];
    }

    /// <summary>
    /// The tables, each after the tables it references (a depth-first walk in declaration order, so the
    /// order is stable). A reference to an undeclared table, or a cycle, is an error in the declarations.
    /// </summary>
    public static IReadOnlyList<Table> DependencyOrder(IReadOnlyList<Table> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = new List<Table>(tables.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new Stack<string>();
        foreach (var table in tables) Visit(table);
        return ordered;

        void Visit(Table table)
        {
            if (placed.Contains(table.Name)) return;
            if (visiting.Contains(table.Name))
                throw new InvalidOperationException($"The schema's foreign keys form a cycle: {string.Join(" <- ", visiting.Reverse().Append(table.Name))}.");
            visiting.Push(table.Name);
            foreach (var key in table.ForeignKeys.Where(k => k.Table != table.Name))
                Visit(byName.TryGetValue(key.Table, out var referenced) ? referenced
                    : throw new InvalidOperationException($"Table {table.Name} references {key.Table}, which the schema does not declare."));
            visiting.Pop();
            placed.Add(table.Name);
            ordered.Add(table);
        }
    }

    /// <summary>Columns first, then the table constraints: the primary key before the unique ones (SQLite numbers their indexes in that order).</summary>
    public static string CreateTable(Table table)
    {
        IEnumerable<string> lines =
        [
            .. table.Columns.Select(ColumnSql),
            $"CONSTRAINT {Quote(table.PrimaryKey.Name)} PRIMARY KEY ({Names(table.PrimaryKey.Columns)})",
            .. table.Checks.Select(c => $"{ConstraintName(c.Name)}CHECK ({c.Expression})"),
            .. table.ForeignKeys.Select(ForeignKeySql),
            .. table.Uniques.Select(u => $"CONSTRAINT {Quote(u.Name)} UNIQUE ({Names(u.Columns)})"),
        ];
        return $"CREATE TABLE {Quote(table.Name)} (\n\t{string.Join(",\n\t", lines)}\n)";
    }

    public static string CreateIndex(Table table, TableIndex index) =>
        $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(table.Name)} ({Names(index.Columns)})";

    public static string CreateTrigger(Table table, Trigger trigger) =>
        $"CREATE TRIGGER {Quote(trigger.Name)}\n{trigger.Timing} ON {Quote(table.Name)}\nFOR EACH ROW\n"
        + (trigger.Condition is null ? "" : $"WHEN {trigger.Condition}\n")
        + $"BEGIN\n    {trigger.Action};\nEND";

    private static string ColumnSql(Column column) =>
        $"{Quote(column.Name)} {column.Type}"
        + (column.GeneratedAs is null ? "" : $" GENERATED ALWAYS AS ({column.GeneratedAs}) STORED")
        + (column.Default is null ? "" : $" DEFAULT {column.Default}")
        + (column.NotNull ? " NOT NULL" : "");

    private static string ForeignKeySql(ForeignKey key) =>
        $"{ConstraintName(key.Name)}FOREIGN KEY ({Names(key.Columns)}) REFERENCES {Quote(key.Table)} ({Names(key.References)})"
        + (key.OnDelete is null ? "" : $" ON DELETE {key.OnDelete}")
        + (key.OnUpdate is null ? "" : $" ON UPDATE {key.OnUpdate}");

    private static string ConstraintName(string? name) => name is null ? "" : $"CONSTRAINT {Quote(name)} ";

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(Quote));

    /// <summary>Every identifier is quoted: MLflow's names include SQL keywords (<c>key</c>, <c>action</c>).</summary>
    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
