using Microsoft.Data.Sqlite;
using Research.Framework.Tracking.Schema;

namespace Research.Framework.Tracking;

/// <summary>
/// MLflow's SQLite schema, as <see cref="SqliteStore"/> creates and checks it. A new store gets every
/// table, index and trigger of <see cref="Revision"/> (declared in <see cref="MlflowSchema"/>) plus its
/// <c>alembic_version</c> row, so MLflow
/// opens it as its own. An existing store is written into when the columns this project writes are
/// all there (<c>PRAGMA table_info</c>): its own revision, or a later one that kept them.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The alembic revision of MLflow 3.11's schema, the one new stores are created at.</summary>
    public const string Revision = MlflowSchema.Revision;

    /// <summary>The MLflow release whose schema head is <see cref="Revision"/>.</summary>
    public const string MlflowVersion = "3.11";

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

    /// <summary>The schema's CREATE statements, generated from the declarations in dependency order.</summary>
    public static IReadOnlyList<string> Statements { get; } = SchemaSql.CreateStatements(MlflowSchema.Tables);

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
}
