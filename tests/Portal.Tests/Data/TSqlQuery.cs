using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Portal.Tests.Data;

/// <summary>
/// A query EF wrote for SQL Server (<c>ToQueryString()</c>: DECLAREs of the parameters, then one SELECT), parsed by SQL
/// Server's own T-SQL parser. No SQL Server runs here, so parsing is how the tests know the SQL is valid T-SQL; the parse
/// tree then lets them check clauses and the parameter values they use rather than look for substrings.
/// </summary>
public sealed class TSqlQuery
{
    private TSqlQuery(IReadOnlyDictionary<string, string> parameters, SelectStatement select, IReadOnlyList<QuerySpecification> specifications)
    {
        Parameters = parameters;
        Select = select;
        Specifications = specifications;
    }

    /// <summary>Each declared parameter (with its @) and its value as written, e.g. <c>3</c>, <c>'2026-10-01'</c>, <c>N'Ram%'</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public SelectStatement Select { get; }

    /// <summary>Every SELECT ... FROM ... in the statement, the outermost first.</summary>
    public IReadOnlyList<QuerySpecification> Specifications { get; }

    public QuerySpecification Outermost => (QuerySpecification)Select.QueryExpression;

    /// <summary>
    /// Parses <paramref name="sql"/> and fails the test unless it is valid T-SQL made of parameter declarations and one
    /// SELECT, in which every parameter used is declared and every one declared is used.
    /// </summary>
    public static TSqlQuery Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, "T-SQL parse errors: " + string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + sql);

        var statements = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).ToList();
        var declarations = statements.Take(statements.Count - 1).ToList();
        Assert.All(declarations, s => Assert.IsType<DeclareVariableStatement>(s));
        var select = Assert.IsType<SelectStatement>(statements[^1]);
        var parameters = declarations.Cast<DeclareVariableStatement>().SelectMany(d => d.Declarations)
            .ToDictionary(d => d.VariableName.Value, d => Text(d.Value));

        var visitor = new Collector();
        select.Accept(visitor);
        Assert.Equal(parameters.Keys.Order(), visitor.Variables.Distinct().Order());
        return new TSqlQuery(parameters, select, visitor.Specifications);
    }

    /// <summary>
    /// The one SELECT that reads <paramref name="table"/> itself in its FROM (not through a derived table), under
    /// <paramref name="alias"/> when given (EF's aliases tell apart the reads of one table in subqueries).
    /// </summary>
    public QuerySpecification Over(string table, string? alias = null) =>
        Assert.Single(Specifications, s => s.FromClause?.TableReferences.SelectMany(Tables)
            .Any(t => t.SchemaObject.BaseIdentifier.Value == table && (alias is null || t.Alias?.Value == alias)) == true);

    /// <summary>The conditions of a WHERE joined by AND, each as written (an OR group keeps its parentheses).</summary>
    public static IReadOnlyList<string> Conditions(QuerySpecification query) =>
        query.WhereClause is null ? [] : And(query.WhereClause.SearchCondition).Select(Text).ToList();

    public static IReadOnlyList<string> GroupBy(QuerySpecification query) =>
        query.GroupByClause?.GroupingSpecifications.Select(Text).ToList() ?? [];

    public static IReadOnlyList<string> OrderBy(QuerySpecification query) =>
        query.OrderByClause?.OrderByElements.Select(Text).ToList() ?? [];

    /// <summary>A value as the query gives it: a parameter's declared value, or the literal.</summary>
    public string ValueOf(ScalarExpression expression) =>
        expression is VariableReference v ? Parameters[v.Name] : Text(expression);

    /// <summary>The values of the parameters whose names start with <paramref name="prefix"/>, e.g. the members of an IN list.</summary>
    public IReadOnlyList<string> ValuesOf(string prefix) =>
        Parameters.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value).ToList();

    public static IReadOnlyList<T> All<T>(TSqlFragment fragment) where T : TSqlFragment
    {
        var found = new List<T>();
        fragment.Accept(new Finder<T>(found));
        return found;
    }

    public static string Text(TSqlFragment fragment) =>
        string.Concat(fragment.ScriptTokenStream.Skip(fragment.FirstTokenIndex).Take(fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(t => t.Text));

    private static IEnumerable<BooleanExpression> And(BooleanExpression condition) =>
        condition is BooleanBinaryExpression { BinaryExpressionType: BooleanBinaryExpressionType.And } and
            ? And(and.FirstExpression).Concat(And(and.SecondExpression))
            : [condition];

    private static IEnumerable<NamedTableReference> Tables(TableReference reference) => reference switch
    {
        NamedTableReference named => [named],
        JoinTableReference join => Tables(join.FirstTableReference).Concat(Tables(join.SecondTableReference)),
        _ => [],
    };

    private sealed class Collector : TSqlFragmentVisitor
    {
        public List<string> Variables { get; } = [];
        public List<QuerySpecification> Specifications { get; } = [];
        public override void Visit(VariableReference node) => Variables.Add(node.Name);
        public override void Visit(QuerySpecification node) => Specifications.Add(node);
    }

    private sealed class Finder<T>(List<T> found) : TSqlFragmentVisitor where T : TSqlFragment
    {
        public override void Visit(TSqlFragment node)
        {
            if (node is T match) found.Add(match);
        }
    }
}
