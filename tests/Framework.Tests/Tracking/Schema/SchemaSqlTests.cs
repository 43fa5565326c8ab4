using Research.Framework.Tracking.Schema;

namespace Research.Framework.Tests.Tracking.Schema;

public class SchemaSqlTests
{
    private static Table Plain(string name, params string[] references) =>
        new(name, [new("id", "INTEGER", NotNull: true)], new($"{name}_pk", ["id"]))
        {
            ForeignKeys = [.. references.Select(r => new ForeignKey(null, ["id"], r, ["id"]))],
        };

    [Test]
    public void DependencyOrder_MlflowSchema_PutsEveryTableAfterTheTablesItReferences()
    {
        var ordered = SchemaSql.DependencyOrder(MlflowSchema.Tables).Select(t => t.Name).ToList();
        Assert.That(ordered, Has.Count.EqualTo(48).And.Unique);
        foreach (var table in MlflowSchema.Tables)
            foreach (var key in table.ForeignKeys)
                Assert.That(ordered.IndexOf(key.Table), Is.LessThan(ordered.IndexOf(table.Name)), $"{table.Name} -> {key.Table}");
    }

    [Test]
    public void DependencyOrder_IndependentTables_KeepsDeclarationOrder()
    {
        var ordered = SchemaSql.DependencyOrder([Plain("b"), Plain("c", "a"), Plain("a")]).Select(t => t.Name);
        Assert.That(ordered, Is.EqualTo(new[] { "b", "a", "c" }));
    }

    [Test]
    public void DependencyOrder_Cycle_Throws()
    {
        Assert.That(() => SchemaSql.DependencyOrder([Plain("a", "b"), Plain("b", "a")]),
            Throws.InvalidOperationException.With.Message.Contains("cycle"));
    }

    [Test]
    public void DependencyOrder_UndeclaredReference_Throws()
    {
        Assert.That(() => SchemaSql.DependencyOrder([Plain("a", "missing")]),
            Throws.InvalidOperationException.With.Message.Contains("missing"));
    }

    [Test]
    public void CreateStatements_TableWithIndexAndTrigger_WritesTableThenIndexThenTrigger()
    {
        var table = Plain("t") with
        {
            Indexes = [new("ix_t", ["id"], Unique: true)],
            Triggers = [new("tr_t", "BEFORE UPDATE", "OLD.id != NEW.id", "SELECT RAISE(ABORT, 'id is immutable')")],
        };
        Assert.That(SchemaSql.CreateStatements([table]), Is.EqualTo(new[]
        {
            "CREATE TABLE \"t\" (\n\t\"id\" INTEGER NOT NULL,\n\tCONSTRAINT \"t_pk\" PRIMARY KEY (\"id\")\n)",
            "CREATE UNIQUE INDEX \"ix_t\" ON \"t\" (\"id\")",
            "CREATE TRIGGER \"tr_t\"\nBEFORE UPDATE ON \"t\"\nFOR EACH ROW\nWHEN OLD.id != NEW.id\nBEGIN\n    SELECT RAISE(ABORT, 'id is immutable');\nEND",
        }));
    }

    [Test]
    public void In_ValueWithQuote_DoublesIt()
    {
        Assert.That(CheckConstraint.In("c", "x", "a", "it's").Expression, Is.EqualTo("x IN ('a', 'it''s')"));
    }
}
