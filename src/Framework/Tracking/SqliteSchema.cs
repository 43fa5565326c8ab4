using Microsoft.Data.Sqlite;

namespace Research.Framework.Tracking;

/// <summary>
/// MLflow's SQLite schema, as <see cref="SqliteStore"/> creates and checks it. A new store gets every
/// table, index and trigger of <see cref="Revision"/> plus its <c>alembic_version</c> row, so MLflow
/// opens it as its own. An existing store is written into when the columns this project writes are
/// all there (<c>PRAGMA table_info</c>): its own revision, or a later one that kept them.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The alembic revision of MLflow 3.11's schema, the one new stores are created at.</summary>
    public const string Revision = "7d34483879f0";

    /// <summary>The MLflow release whose schema head is <see cref="Revision"/>.</summary>
    public const string MlflowVersion = "3.11";

    private const string ResourceName = $"Research.Framework.Tracking.Schema.mlflow-{Revision}.sql";

    /// <summary>The columns this project reads and writes, per table: a store lacking one is refused.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredColumns { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["experiments"] = ["experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time", "workspace"],
        ["experiment_tags"] = ["key", "value", "experiment_id"],
        ["runs"] = ["run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status", "start_time", "end_time",
            "source_version", "lifecycle_stage", "artifact_uri", "experiment_id", "deleted_time"],
        ["params"] = ["key", "value", "run_uuid"],
        ["tags"] = ["key", "value", "run_uuid"],
        ["metrics"] = ["key", "value", "timestamp", "run_uuid", "step", "is_nan"],
        ["latest_metrics"] = ["key", "value", "timestamp", "step", "is_nan", "run_uuid"],
    };

    /// <summary>The schema's statements in an order SQLite accepts: tables, then indexes, then triggers.</summary>
    public static IReadOnlyList<string> Statements { get; } = Split(ReadResource())
        .OrderBy(s => s.StartsWith("CREATE TABLE", StringComparison.OrdinalIgnoreCase) ? 0 : s.StartsWith("CREATE TRIGGER", StringComparison.OrdinalIgnoreCase) ? 2 : 1)
        .ToList();

    /// <summary>Creates every table, index and trigger, and stamps the revision (inside the caller's transaction).</summary>
    internal static void Create(SqliteConnection connection, SqliteTransaction transaction)
    {
        foreach (var statement in Statements) Execute(connection, transaction, statement);
        Execute(connection, transaction, $"INSERT INTO alembic_version (version_num) VALUES ('{Revision}')");
    }

    /// <summary>
    /// Null when this project can write into the store; otherwise why not, naming the store's revision.
    /// </summary>
    internal static string? Incompatibility(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var revision = StoreRevision(connection, transaction);
        if (revision is null) return "it has tables but no alembic_version row, so it is not an MLflow store";
        foreach (var (table, columns) in RequiredColumns)
        {
            var present = Columns(connection, transaction, table);
            var missing = columns.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
                return present.Count == 0
                    ? $"it is at MLflow schema revision {revision}, which has no table {table}"
                    : $"it is at MLflow schema revision {revision}, whose table {table} lacks {string.Join(", ", missing)}";
        }
        return null;
    }

    /// <summary>The store's alembic revision, or null when it has none.</summary>
    internal static string? StoreRevision(SqliteConnection connection, SqliteTransaction? transaction)
    {
        if (Columns(connection, transaction, "alembic_version").Count == 0) return null;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version_num FROM alembic_version LIMIT 1";
        return command.ExecuteScalar() as string;
    }

    /// <summary>The column names of a table, from <c>PRAGMA table_info</c> (empty when the table does not exist).</summary>
    internal static IReadOnlySet<string> Columns(SqliteConnection connection, SqliteTransaction? transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>True when the database holds no table at all (a new or empty file).</summary>
    internal static bool IsEmpty(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string ReadResource()
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

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
