package dev.keel.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.workflows.contract.ColumnSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvIngestorTest {

  static final Path RED = Path.of("../../shared/data/wine-quality-red.csv");
  static final Path WHITE = Path.of("../../shared/data/wine-quality-white.csv");

  private final CsvIngestor ingestor = new CsvIngestor();

  private IngestedDataset ingest(String csv) {
    return ingestor.ingest(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }

  private static String canonical(IngestedDataset d) {
    return new String(d.canonical(), StandardCharsets.UTF_8);
  }

  private CsvFormatException failure(String csv) {
    try {
      ingest(csv);
    } catch (CsvFormatException e) {
      return e;
    }
    throw new AssertionError("expected a CsvFormatException for:\n" + csv);
  }

  // --- malformed files
  // -------------------------------------------------------------------------------------------

  @Test
  void raggedRowNamesLineAndExpectedFieldCount() {
    CsvFormatException e = failure("a,b,c\n1,2,3\n4,5,6\n7,8\n");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e).hasMessage("line 4: expected 3 fields (as in the header) but found 2");
  }

  @Test
  void rowWithTooManyFieldsIsRagged() {
    assertThat(failure("a,b\n1,2,3\n"))
        .hasMessage("line 2: expected 2 fields (as in the header) but found 3");
  }

  @Test
  void lineNumbersCountLinesInsideQuotedFields() {
    CsvFormatException e = failure("a,b\n\"x\ny\",1\n2\n");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e).hasMessageStartingWith("line 4: expected 2 fields");
  }

  @Test
  void unterminatedQuoteNamesLineAndColumnWhereTheFieldOpens() {
    CsvFormatException e = failure("name,alcohol,pH\nx,1,2\ny,\"9.5,3\nz,1,2\n");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e).hasMessageStartingWith("line 3, column 'alcohol': unterminated quoted field");
  }

  @Test
  void quoteInsideUnquotedFieldIsBadQuoting() {
    CsvFormatException e = failure("name,size\nab\"c,1\n");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e)
        .hasMessageStartingWith("line 2, column 'name': quote inside an unquoted field")
        .hasMessageContaining("expected the whole field in quotes");
  }

  @Test
  void textAfterClosingQuoteIsBadQuoting() {
    CsvFormatException e = failure("name,size\nx,1\n\"ab\"c,1\n");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e)
        .hasMessageStartingWith("line 3, column 'name': text after the closing quote")
        .hasMessageContaining("expected ','");
  }

  @Test
  void emptyFileNeedsAHeader() {
    assertThat(failure(""))
        .hasMessage("empty file: a header row is required")
        .extracting(CsvFormatException::line)
        .isEqualTo(0);
    assertThat(failure("\n\n  \n")).hasMessage("empty file: a header row is required");
    assertThat(failure("\uFEFF")).hasMessage("empty file: a header row is required");
  }

  @Test
  void blankFirstLineIsNotAHeader() {
    assertThat(failure("\na,b\n1,2\n")).hasMessageContaining("line 1: the header row is empty");
  }

  @Test
  void emptyColumnNameNamesItsPosition() {
    CsvFormatException e = failure("a,b,c, ,e\n1,2,3,4,5\n");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e).hasMessageContaining("header has an empty column name at position 4");
  }

  @Test
  void duplicateColumnNameIsNamed() {
    CsvFormatException e = failure("pH,alcohol, pH\n1,2,3\n");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining("duplicate column name 'pH' in header")
        .hasMessageContaining("1 and 3");
  }

  @Test
  void badQuotingInHeaderNamesThePosition() {
    assertThat(failure("a,b\"c\n1,2\n"))
        .hasMessageStartingWith("line 1, header position 2: quote inside");
  }

  @Test
  void blankLineBetweenRowsIsRagged() {
    CsvFormatException e = failure("a,b\n1,2\n\n3,4\n");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e)
        .hasMessage("line 3: expected 2 fields (as in the header) but found an empty line");
  }

  // --- reading
  // ---------------------------------------------------------------------------------------------------

  @Test
  void quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
    Table t = ingest("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\r\nlines\"\n").table();
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.column("text").orElseThrow().values())
        .containsExactly("a, b", "say \"hi\"", "two\nlines");
  }

  @Test
  void cellsAndNamesAreTrimmedAndMissingMarkersAreMissing() {
    Table t =
        ingest("\uFEFF name , score \r\n  ann ,  1.5 \r\n\" bob \",NA\r\n?, ?\r\n , 2\r\n").table();
    assertThat(t.specs())
        .containsExactly(new ColumnSpec("name", "categorical"), new ColumnSpec("score", "numeric"));
    assertThat(t.column("name").orElseThrow().values()).containsExactly("ann", "bob", null, null);
    Column score = t.column("score").orElseThrow();
    assertThat(score.values()).containsExactly("1.5", null, null, "2");
    assertThat(score.numbers()).containsExactly(1.5, Double.NaN, Double.NaN, 2.0);
  }

  @Test
  void trailingEmptyLinesAreIgnored() {
    assertThat(ingest("a,b\n1,2\n\n\r\n  \n").table().rows()).isEqualTo(1);
    assertThat(ingest("a,b\n1,2").table().rows()).isEqualTo(1);
  }

  @Test
  void headerWithoutRowsIsAnEmptyTableThatAUserCannotRegister() {
    IngestedDataset d = ingest("a,b\n");
    assertThat(d.table().rows()).isZero();
    assertThat(d.table().specs()).extracting(ColumnSpec::type).containsOnly("categorical");
    assertThatThrownBy(() -> CsvIngestor.requireRows(d))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(
            "line 2: the file has a header (2 columns: a, b) but no rows; a dataset needs at least one row");
    assertThat(CsvIngestor.requireRows(ingest("a,b\n1,2\n")).table().rows()).isEqualTo(1);
  }

  // --- encodings, delimiters and limits
  // ---------------------------------------------------------------------------

  private static final String ACCENTS = "café,größe,naïve\nnoir,1.5,oui\nrosé,2,non\n";

  private IngestedDataset ingestBytes(byte[] bytes, Charset declared) {
    return ingestor.ingest(new ByteArrayInputStream(bytes), declared);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void utf16WithOrWithoutAByteOrderMarkReadsAsTheSameDataset() {
    IngestedDataset utf8 = ingest(ACCENTS);
    byte[] le = ACCENTS.getBytes(StandardCharsets.UTF_16LE);
    byte[] be = ACCENTS.getBytes(StandardCharsets.UTF_16BE);
    for (byte[] bytes :
        List.of(
            concat(new byte[] {(byte) 0xff, (byte) 0xfe}, le),
            concat(new byte[] {(byte) 0xfe, (byte) 0xff}, be),
            le,
            be)) {
      IngestedDataset d = ingestBytes(bytes, null);
      assertThat(d.table().specs())
          .extracting(ColumnSpec::name)
          .containsExactly("café", "größe", "naïve");
      assertThat(d.version()).isEqualTo(utf8.version());
    }
  }

  @Test
  void latin1IsReadWhenDeclaredAndRefusedWithAHintWhenNot() {
    byte[] latin1 = ACCENTS.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(ingestBytes(latin1, StandardCharsets.ISO_8859_1).version())
        .isEqualTo(ingest(ACCENTS).version());
    assertThat(ingestBytes(latin1, Charset.forName("windows-1252")).table().specs())
        .extracting(ColumnSpec::name)
        .containsExactly("café", "größe", "naïve");
    assertThatThrownBy(() -> ingestBytes(latin1, null))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageStartingWith(
            "line 1, header position 1: the bytes here are not valid UTF-8 text;")
        .hasMessageContaining("charset=windows-1252");
    byte[] lateLatin1 = ("a,b\n1,x\n2,y\n3," + "é").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> ingestBytes(lateLatin1, null))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageStartingWith("line 4, column 'b': the bytes here are not valid UTF-8 text");
  }

  @Test
  void semicolonsTabsAndBarsAreDetectedFromTheHeader() {
    IngestedDataset comma = ingest("a,b,c\n1,x,2.5\n3,\"y;z\",4\n");
    assertThat(ingest("a;b;c\n1;x;2.5\n3;y;z;4\n".replace("y;z;4", "\"y;z\";4")).version())
        .isEqualTo(comma.version());
    assertThat(ingest("a\tb\tc\n1\tx\t2.5\n3\t\"y;z\"\t4\n").version()).isEqualTo(comma.version());
    assertThat(ingest("a|b|c\n1|x|2.5\n3|\"y;z\"|4\n").version()).isEqualTo(comma.version());
    // an empty first field of a tab-separated row is a missing value, not skipped as white space
    assertThat(ingest("a\tb\n\tx\n1\ty\n").table().column("a").orElseThrow().values())
        .containsExactly(null, "1");
    // a comma in the header wins; a header of one column keeps its semicolon-free name
    assertThat(ingest("a;b,c\n1,2\n").table().specs())
        .extracting(ColumnSpec::name)
        .containsExactly("a;b", "c");
    assertThat(ingest("\"a;b\"\n1\n").table().specs())
        .extracting(ColumnSpec::name)
        .containsExactly("a;b");
    assertThat(failure("a;b\n1;2;3\n"))
        .hasMessage("line 2: expected 2 fields (as in the header) but found 3");
  }

  @Test
  void theCanonicalFormIsAlwaysReadWithCommas() {
    IngestedDataset d = ingest("\"x;y\"\n1\n2\n");
    assertThat(canonical(d)).isEqualTo("x;y\n1\n2\n");
    assertThat(CsvIngestor.parseCanonical(d.canonical()).specs())
        .extracting(ColumnSpec::name)
        .containsExactly("x;y");
  }

  @Test
  void nulCharactersAreRefusedNamingTheLineAndColumn() {
    assertThat(failure("a,b\n1,x\u0000y\n"))
        .hasMessageStartingWith("line 2, column 'b': NUL character (U+0000)");
    assertThat(failure("a,b\n1,\"x\u0000\"\n"))
        .hasMessageStartingWith("line 2, column 'b': NUL character");
  }

  @Test
  void aFieldLongerThanTheLimitIsRefusedBeforeItIsRead() {
    String longField = "x".repeat(CsvReader.MAX_FIELD + 1);
    assertThat(failure("a,b\n1," + longField + "\n"))
        .hasMessageStartingWith(
            "line 2, column 'b': field longer than " + CsvReader.MAX_FIELD + " characters");
    assertThat(failure("a,b\n1,\"" + longField + "\"\n"))
        .hasMessageStartingWith("line 2, column 'b': field longer");
    assertThat(ingest("a\n" + "y".repeat(CsvReader.MAX_FIELD) + "\n").table().rows()).isEqualTo(1);
  }

  @Test
  void repeatedCellsShareOneStringAndDistinctOnesKeepTheirText() {
    StringBuilder csv = new StringBuilder("color,id\n");
    for (int i = 0; i < 100_000; i++) {
      csv.append(i % 3 == 0 ? "red" : "blue").append(',').append(i).append('\n');
    }
    Table t = ingest(csv.toString()).table();
    String[] colors = t.column("color").orElseThrow().values();
    assertThat(colors[3]).isSameAs(colors[0]).isEqualTo("red");
    String[] ids = t.column("id").orElseThrow().values();
    for (int i = 0; i < ids.length; i += 997) {
      assertThat(ids[i]).isEqualTo(String.valueOf(i));
    }
  }

  @Test
  void canonicalBytesEncodeEveryCharacterAsUtf8() {
    String text = "name,emoji\n\"a,b\",\uD83D\uDE00\nü,€\n";
    IngestedDataset d = ingest(text);
    assertThat(canonical(d)).isEqualTo(text);
    assertThat(d.canonical()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void columnIsNumericOnlyWhenEveryPresentValueIsAFiniteDecimal() {
    Table t =
        ingest(
                """
        ints,decimals,mixed,nan,inf,hex,suffix,empty,sci
        1,1.5,1,NaN,Infinity,0x10,1d,,1e3
        -2,.5,x,1,1,1,1,NA,-2.5E-3
        +3,4.,2,2,2,2,2,?,1e999
        """)
            .table();
    assertThat(t.specs())
        .extracting(ColumnSpec::type)
        .containsExactly(
            "numeric",
            "numeric",
            "categorical",
            "categorical",
            "categorical",
            "categorical",
            "categorical",
            "categorical",
            "categorical");
    assertThat(t.column("decimals").orElseThrow().numbers()).containsExactly(1.5, 0.5, 4.0);
    assertThat(t.column("mixed").orElseThrow().numbers()).isNull();
  }

  @Test
  void singleColumnFileKeepsMissingValuesInTheMiddle() {
    IngestedDataset d = ingest("x\na\n\nNA\nb\n\n");
    assertThat(d.table().column("x").orElseThrow().values()).containsExactly("a", null, null, "b");
    assertThat(CsvIngestor.parseCanonical(d.canonical()).column("x").orElseThrow().values())
        .containsExactly("a", null, null, "b");
  }

  // --- canonical form and version
  // ------------------------------------------------------------------------------

  @Test
  void canonicalFormIsTrimmedQuotedOnlyWhenNeededWithEmptyMissingCells() {
    IngestedDataset d =
        ingest("\uFEFFname , note,v\r\n\"ann\" , \"a, b\" ,1.50\r\nbob,\"say \"\"hi\"\"\",NA\r\n");
    assertThat(canonical(d)).isEqualTo("name,note,v\nann,\"a, b\",1.50\nbob,\"say \"\"hi\"\"\",\n");
    assertThat(d.version()).isEqualTo(ArtifactStore.sha256(d.canonical()));
  }

  @Test
  void sameContentWrittenDifferentlyHasTheSameVersion() {
    String plain = "a,b,c\n1,x,NA\n2,y,3\n";
    IngestedDataset base = ingest(plain);
    assertThat(ingest("a,b,c\r\n1,x,?\r\n2,y,3\r\n").version()).isEqualTo(base.version());
    assertThat(ingest("\uFEFF a , b,c \n 1 , \"x\" ,\n2,y, 3 \n\n\n").version())
        .isEqualTo(base.version());
    assertThat(ingest("a,b,c\n1,x,\"NA\"\n2,\"y\",3").version()).isEqualTo(base.version());
  }

  @Test
  void differentContentHasADifferentVersion() {
    String base = ingest("a,b\n1,x\n2,y\n").version();
    assertThat(ingest("a,b\n1,x\n2,z\n").version()).isNotEqualTo(base);
    assertThat(ingest("a,b\n2,y\n1,x\n").version()).as("row order").isNotEqualTo(base);
    assertThat(ingest("a,c\n1,x\n2,y\n").version()).as("column name").isNotEqualTo(base);
    assertThat(ingest("a,b\n1.0,x\n2,y\n").version()).as("number text").isNotEqualTo(base);
  }

  @Test
  void canonicalContentParsesToTheSameTable() throws IOException {
    IngestedDataset d =
        ingest("id,code,text,v\n1,007,\"a,\"\"b\"\"\r\nc\",1e3\n2,x, ,NA\n3,12,plain,-0.5\n");
    assertSameTable(CsvIngestor.parseCanonical(d.canonical()), d.table());
    assertThat(ingest(canonical(d)).version()).isEqualTo(d.version());

    IngestedDataset red = ingestFile(RED);
    assertSameTable(CsvIngestor.parseCanonical(red.canonical()), red.table());
  }

  @Test
  void aCategoricalColumnWithNumericLookingValuesStaysCategoricalAfterTheRoundTrip() {
    IngestedDataset d = ingest("code\n007\n12\nA1\n");
    Table again = CsvIngestor.parseCanonical(d.canonical());
    assertThat(again.specs()).containsExactly(new ColumnSpec("code", "categorical"));
    assertThat(again.column("code").orElseThrow().values()).containsExactly("007", "12", "A1");
  }

  @Test
  void readsTheWineFiles() throws IOException {
    IngestedDataset red = ingestFile(RED);
    assertThat(red.table().rows()).isEqualTo(1599);
    assertThat(red.table().specs())
        .hasSize(12)
        .extracting(ColumnSpec::type)
        .containsOnly("numeric");
    assertThat(red.table().column("alcohol").orElseThrow().numbers()[0]).isEqualTo(9.4);
    IngestedDataset white = ingestFile(WHITE);
    assertThat(white.table().rows()).isEqualTo(4898);
    assertThat(white.version()).isNotEqualTo(red.version());
    assertThat(ingestFile(RED).version()).isEqualTo(red.version());
  }

  private IngestedDataset ingestFile(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return ingestor.ingest(in);
    }
  }

  static void assertSameTable(Table actual, Table expected) {
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.specs()).isEqualTo(expected.specs());
    for (Column c : expected.columns()) {
      Column a = actual.column(c.name()).orElseThrow();
      assertThat(a.values()).as(c.name()).containsExactly(c.values());
      assertThat(Arrays.equals(a.numbers(), c.numbers())).as(c.name()).isTrue();
    }
    assertThat(actual.columns())
        .extracting(Column::name)
        .isEqualTo(List.copyOf(expected.columns().stream().map(Column::name).toList()));
  }
}
