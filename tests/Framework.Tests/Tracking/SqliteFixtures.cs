using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Research.Framework.Tracking;

namespace Research.Framework.Tests.Tracking;

/// <summary>
/// The SQLite store written by the real MLflow 3.11 (fixtures/sqlite: its schema.sql, every row it
/// wrote, and what MlflowClient read back), and helpers to open and describe SQLite files.
/// </summary>
internal static class SqliteFixtures
{
    public static string Folder => Path.Combine(TrackingFixtures.Directory, "sqlite");

    public static string ReferenceSchema => File.ReadAllText(Path.Combine(Folder, "schema.sql"));

    public static JsonObject ReferenceRows => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "rows.json")))!.AsObject();

    public static JsonObject ClientDump => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "client-dump.json")))!.AsObject();

    /// <summary>A connection that shares no pool with the store under test (foreign keys off: rows.json lists tags before their runs).</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, ForeignKeys = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>A new database holding the reference schema (and, optionally, every reference row).</summary>
    public static void CreateReference(string path, bool withRows)
    {
        using var connection = Open(path);
        foreach (var statement in Split(ReferenceSchema).OrderBy(s => s.StartsWith("CREATE TABLE", StringComparison.Ordinal) ? 0 : 1))
            Execute(connection, statement);
        if (!withRows) return;
        foreach (var (table, rows) in ReferenceRows["tables_with_rows"]!.AsObject())
            foreach (var row in rows!.AsArray().Select(r => r!.AsObject()))
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"INSERT INTO {table} ({string.Join(", ", row.Select(p => $"\"{p.Key}\""))}) VALUES ({string.Join(", ", row.Select((_, i) => $"$p{i}"))})";
                foreach (var (value, i) in row.Select((p, i) => (p.Value, i)))
                    command.Parameters.AddWithValue($"$p{i}", Value(value));
                command.ExecuteNonQuery();
            }
    }

    private static object Value(JsonNode? node) => node?.GetValueKind() switch
    {
        null or System.Text.Json.JsonValueKind.Null => DBNull.Value,
        System.Text.Json.JsonValueKind.String => node.GetValue<string>(),
        System.Text.Json.JsonValueKind.Number when long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => whole,
        System.Text.Json.JsonValueKind.Number => node.GetValue<double>(),
        var kind => throw new FormatException($"Unexpected JSON value {kind} in rows.json."),
    };

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    }

    public static List<string> Lines(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return lines;
    }

    /// <summary>
    /// The schema as SQLite itself reports it: every column (type, not-null, default, key position,
    /// hidden for a generated one), foreign key, index (with its columns and uniqueness, the implicit
    /// ones included); then what no PRAGMA reports, read from each table's SQL with whitespace and
    /// identifier quotes ignored: constraint names, CHECK and generated-column expressions, triggers.
    /// </summary>
    public static List<string> DescribeSchema(SqliteConnection connection) =>
    [
        .. Lines(connection, "SELECT 'column', m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
            + "FROM sqlite_master m, pragma_table_xinfo(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid"),
        .. Lines(connection, "SELECT 'foreign key', m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
            + "FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq"),
        .. Lines(connection, "SELECT 'index', m.name, l.name, l.\"unique\", l.origin, l.partial, i.seqno, i.name "
            + "FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i WHERE m.type = 'table' ORDER BY m.name, l.name, i.seqno"),
        .. Rows(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name", r => (Table: r.GetString(0), Sql: Normalize(r.GetString(1))))
            .SelectMany(t => TableClauses(t.Table, t.Sql)),
        .. Rows(connection, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            r => $"trigger | {r.GetString(0)} | {r.GetString(1)} | {Normalize(r.GetString(2))}"),
    ];

    /// <summary>Constraint names (alembic finds constraints by name), CHECK expressions and generated columns of one table's SQL.</summary>
    private static IEnumerable<string> TableClauses(string table, string sql)
    {
        foreach (var name in Regex.Matches(sql, @"CONSTRAINT (\w+) (PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK)").Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order(StringComparer.Ordinal))
            yield return $"constraint | {table} | {name}";
        foreach (var check in Regex.Matches(sql, @"(?:CONSTRAINT (\w+) )?CHECK \(").Select(m => $"{m.Groups[1].Value} | {Parenthesized(sql, m.Index + m.Length - 1)}").Order(StringComparer.Ordinal))
            yield return $"check | {table} | {check}";
        foreach (Match m in Regex.Matches(sql, @"(\w+) [\w()]+ GENERATED ALWAYS AS \("))
        {
            var expression = Parenthesized(sql, m.Index + m.Length - 1);
            var storage = Regex.Match(sql[(m.Index + m.Length + expression.Length)..], @"^\) (STORED|VIRTUAL)").Groups[1].Value;
            yield return $"generated | {table} | {m.Groups[1].Value} | {expression} | {storage}";
        }
    }

    /// <summary>The text inside the parentheses that open at <paramref name="open"/>.</summary>
    private static string Parenthesized(string sql, int open)
    {
        var depth = 0;
        for (var i = open; i < sql.Length; i++)
        {
            depth += sql[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0) return sql[(open + 1)..i];
        }
        throw new FormatException($"Unbalanced parentheses in: {sql}");
    }

    /// <summary>SQL with identifier quotes dropped and whitespace runs made one space (" ( " and " ," tightened).</summary>
    private static string Normalize(string sql) =>
        Regex.Replace(Regex.Replace(sql.Replace("\"", "", StringComparison.Ordinal), @"\s+", " "), @"\( | (?=[,)])", m => m.Value.Trim());

    /// <summary>
    /// Splits a .schema dump into statements: one ends at a line ending in ';', except inside a
    /// trigger, whose body holds ';' and ends at <c>END;</c>.
    /// </summary>
    public static IEnumerable<string> Split(string schema)
    {
        var current = new List<string>();
        foreach (var line in schema.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (current.Count == 0 && (line.Length == 0 || line.StartsWith("--", StringComparison.Ordinal))) continue;
            current.Add(line);
            var inTrigger = current[0].StartsWith("CREATE TRIGGER", StringComparison.OrdinalIgnoreCase);
            var ends = inTrigger ? line.Trim().Equals("END;", StringComparison.OrdinalIgnoreCase) : line.TrimEnd().EndsWith(';');
            if (!ends) continue;
            yield return string.Join('\n', current);
            current.Clear();
        }
        if (current.Count > 0) yield return string.Join('\n', current);
    }
}
