using System.Globalization;
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
        foreach (var statement in SqliteSchema.Split(ReferenceSchema).OrderBy(s => s.StartsWith("CREATE TABLE", StringComparison.Ordinal) ? 0 : 1))
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
    /// The schema as SQLite itself reports it: every column (type, not-null, default, key position),
    /// foreign key, index (with its columns and uniqueness, the implicit ones included) and trigger.
    /// </summary>
    public static List<string> DescribeSchema(SqliteConnection connection) =>
    [
        .. Lines(connection, "SELECT 'column', m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk "
            + "FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid"),
        .. Lines(connection, "SELECT 'foreign key', m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
            + "FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq"),
        .. Lines(connection, "SELECT 'index', m.name, l.name, l.\"unique\", l.origin, l.partial, i.seqno, i.name "
            + "FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i WHERE m.type = 'table' ORDER BY m.name, l.name, i.seqno"),
        .. Lines(connection, "SELECT 'trigger', name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"),
    ];
}
