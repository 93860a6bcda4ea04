using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Portal.Web.Data;
using Portal.Web.Features.Rosters;

namespace Portal.Tests.Features.Rosters;

/// <summary>
/// 200 corrupted variants of a valid roster (.xlsx and .csv), made with a fixed seed: each preview ends in a
/// clear answer — accepted (perhaps with row errors) or a rejected file with a message and a failed batch —
/// never an exception, a server failure or a Pending batch; and the staff data is untouched.
/// </summary>
public sealed class UploadFuzzTests(Xunit.Abstractions.ITestOutputHelper output) : RosterImportTestBase
{
    private const int Seed = 20261201;
    private const int Variants = 200;

    [Fact]
    public async Task Corrupted_rosters_end_in_a_clear_answer_and_change_nothing()
    {
        var random = new Random(Seed);
        var rows = Enumerable.Range(1, 30).Select(i => RosterFiles.MeerutConstable($"FZ{i}", mobile: i % 7 == 0 ? "123" : null)).ToArray();
        var xlsx = Unzip(File.ReadAllBytes(RosterFiles.Xlsx(rows)));
        var csv = File.ReadAllBytes(RosterFiles.Csv(string.Join(",", RosterFiles.Headers) + "\n" +
            string.Join("\n", rows.Select(r => string.Join(",", r.Select(v => $"\"{v}\""))))+ "\n"));
        var admin = await Admin();
        var employees = Employees();
        var hash = StaffHash();
        var outcomes = new Dictionary<string, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < Variants; i++)
        {
            var (kind, bytes, extension) = i % 5 == 4 ? CorruptCsv(csv, random) : CorruptXlsx(xlsx, random);
            var path = RosterFiles.Bytes(bytes, extension);
            RosterImportResult result;
            try
            {
                result = await Service().PreviewAsync(admin, path, $"fuzz-{i}{extension}");
            }
            catch (Exception ex)
            {
                Assert.Fail($"Variant {i} ({kind}) threw {ex.GetType().Name}: {ex.Message}");
                throw;
            }

            Assert.False(result.ServerFailure, $"Variant {i} ({kind}) was a server failure: {result.FileProblem}");
            if (result.FileRejected)
            {
                Assert.Equal(ImportOutcome.Failed, result.Outcome);
                Assert.False(string.IsNullOrWhiteSpace(result.FileProblem));
                Assert.DoesNotContain("Exception", result.FileProblem);
            }
            else Assert.Equal(ImportOutcome.Previewed, result.Outcome);
            Assert.Equal((int)result.Outcome, Db.Scalar($"SELECT Outcome FROM ImportBatches WHERE Id = {result.BatchId}"));
            var key = $"{kind}: {(result.FileRejected ? "rejected" : "accepted")}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            if (outcomes[key] == 1) output.WriteLine($"{key} (first: variant {i}): {result.FileProblem ?? $"{result.RowsRead} rows read, {result.Rejected} rejected"}");
            File.Delete(path);
        }

        foreach (var (key, count) in outcomes.OrderBy(o => o.Key)) output.WriteLine($"{key}: {count}");
        output.WriteLine($"{Variants} variants in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(employees, Employees());
        Assert.Equal(hash, StaffHash());
        Assert.Equal(Variants, Db.Scalar("SELECT COUNT(*) FROM ImportBatches"));
        Assert.Equal(0, Db.Scalar($"SELECT COUNT(*) FROM ImportBatches WHERE Outcome = {(int)ImportOutcome.Pending}"));
        // Both answers occur: the mutations reach the readers' error paths and not only the rejections at the door.
        Assert.Contains(outcomes.Keys, k => k.EndsWith("rejected"));
        Assert.Contains(outcomes.Keys, k => k.EndsWith("accepted"));
    }

    private string StaffHash()
    {
        var rows = Db.Rows("SELECT * FROM Employees ORDER BY Id", r =>
            string.Join("|", Enumerable.Range(0, r.FieldCount).Select(c => r.IsDBNull(c) ? "∅" : Convert.ToString(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", rows))));
    }

    private static List<(string Name, byte[] Data)> Unzip(byte[] file)
    {
        using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        return zip.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        }).ToList();
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Data)> parts)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in parts)
                using (var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open()) s.Write(data);
        return output.ToArray();
    }

    private static readonly byte[] Noise = "<>&\"'=/x\0"u8.ToArray().Append((byte)0xFF).ToArray();

    private static string Text(byte[] data) => Encoding.UTF8.GetString(data);
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static (string Kind, byte[] Bytes, string Extension) CorruptXlsx(List<(string Name, byte[] Data)> parts, Random random)
    {
        var copy = parts.Select(p => (p.Name, (byte[])p.Data.Clone())).ToList();
        var sheet = copy.FindIndex(p => p.Name.Contains("worksheets/sheet"));
        var shared = copy.FindIndex(p => p.Name.Contains("sharedStrings"));
        switch (random.Next(10))
        {
            case 0:
            {
                var bytes = Zip(copy);
                for (var n = random.Next(1, 20); n > 0; n--) bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                return ("byte flips", bytes, ".xlsx");
            }
            case 1:
            {
                var bytes = Zip(copy);
                return ("truncated", bytes[..random.Next(1, bytes.Length)], ".xlsx");
            }
            case 2:
                copy.RemoveAt(random.Next(copy.Count));
                return ("part removed", Zip(copy), ".xlsx");
            case 3:
            {
                int a = random.Next(copy.Count), b = random.Next(copy.Count);
                (copy[a], copy[b]) = ((copy[a].Name, copy[b].Item2), (copy[b].Name, copy[a].Item2));
                return ("parts swapped", Zip(copy), ".xlsx");
            }
            case 4:
            {
                var target = random.Next(copy.Count);
                var xml = Text(copy[target].Item2);
                var at = xml.StartsWith("<?xml") ? xml.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
                var doctype = random.Next(2) == 0 ? "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>" : "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">";
                copy[target] = (copy[target].Name, Bytes(xml.Insert(at, doctype)));
                return ("DOCTYPE", Zip(copy), ".xlsx");
            }
            case 5:
            {
                // Right after the worksheet's start tag, with the prefix its elements use (ClosedXML writes x:).
                var xml = System.Text.RegularExpressions.Regex.Replace(Text(copy[sheet].Item2), "<(\\w+:)?dimension[^>]*/>", "");
                var start = System.Text.RegularExpressions.Regex.Match(xml, "<(\\w+:)?worksheet[^>]*>");
                var dimension = $"<{start.Groups[1].Value}dimension ref=\"A1:XFD1048576\"/>";
                copy[sheet] = (copy[sheet].Name, Bytes(xml.Insert(start.Index + start.Length, dimension)));
                return ("huge dimension", Zip(copy), ".xlsx");
            }
            case 6:
            {
                var refs = new[] { "XFD1048576", "XFE1", "AAAAAAAAAAAAAAAAAAAAAAAA1", "", "1", "A-1", "A99999999999", "ZZZ0" };
                var xml = System.Text.RegularExpressions.Regex.Replace(Text(copy[sheet].Item2), " r=\"([A-Z]+)(\\d+)\"",
                    m => random.Next(4) == 0 ? $" r=\"{refs[random.Next(refs.Length)]}\"" : m.Value);
                if (random.Next(2) == 0) xml = xml.Replace("<row r=\"3\"", "<row r=\"99999999999\"");
                copy[sheet] = (copy[sheet].Name, Bytes(xml));
                return ("huge cell refs", Zip(copy), ".xlsx");
            }
            case 7 when shared >= 0:
            {
                var xml = System.Text.RegularExpressions.Regex.Replace(Text(copy[shared].Item2), "(count|uniqueCount)=\"\\d+\"", "$1=\"4294967295\"");
                copy[shared] = (copy[shared].Name, Bytes(xml));
                var sheetXml = System.Text.RegularExpressions.Regex.Replace(Text(copy[sheet].Item2), "t=\"s\"><v>\\d+</v>",
                    m => random.Next(3) == 0 ? $"t=\"s\"><v>{(random.Next(2) == 0 ? "2147483647" : "99999999999999999999")}</v>" : m.Value);
                copy[sheet] = (copy[sheet].Name, Bytes(sheetXml));
                return ("gigantic shared-string counts", Zip(copy), ".xlsx");
            }
            case 8:
            {
                var target = random.Next(copy.Count);
                var data = copy[target].Item2;
                for (var n = random.Next(1, 8); n > 0 && data.Length > 0; n--) data[random.Next(data.Length)] = Noise[random.Next(Noise.Length)];
                return ("part text flips", Zip(copy), ".xlsx");
            }
            default:
            {
                // The data rows only (after the header row), so that the values reach the row checks.
                var whole = Text(copy[sheet].Item2);
                var first = System.Text.RegularExpressions.Regex.Match(whole, "</(\\w+:)?row>");
                var split = first.Index + first.Length;
                var values = new[] { "NaN", "1E+400", "-0", "٣", "0x1F", "99999999999999999999999", "", "<![CDATA[x]]>", "1.7976931348623157E+309", "0001-01-01", "9999-12-31T23:59:59" };
                var xml = System.Text.RegularExpressions.Regex.Replace(whole[split..], "<v>[^<]*</v>", m => random.Next(4) == 0 ? $"<v>{values[random.Next(values.Length)]}</v>" : m.Value);
                xml = System.Text.RegularExpressions.Regex.Replace(xml, "t=\"s\"", m => random.Next(3) switch { 0 => "t=\"d\"", 1 => "t=\"e\"", _ => m.Value });
                copy[sheet] = (copy[sheet].Name, Bytes(whole[..split] + xml));
                return ("odd values and types", Zip(copy), ".xlsx");
            }
        }
    }

    private static (string Kind, byte[] Bytes, string Extension) CorruptCsv(byte[] csv, Random random)
    {
        var bytes = (byte[])csv.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var n = random.Next(1, 30); n > 0; n--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("csv byte flips", bytes, ".csv");
            case 1:
                return ("csv truncated", bytes[..random.Next(1, bytes.Length)], ".csv");
            case 2:
            {
                var text = Text(bytes);
                var at = random.Next(text.Length);
                return ("csv stray quote", Bytes(text.Insert(at, "\"")), ".csv");
            }
            default:
            {
                var text = Text(bytes) + string.Join(",", Enumerable.Repeat(new string('y', 40_000), 300)) + "\n";
                return ("csv long and wide row", Bytes(text), ".csv");
            }
        }
    }
}
