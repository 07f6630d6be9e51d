package dev.keel.engine.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CSV uploads as spreadsheets and hostile clients send them, over HTTP: other encodings and
 * delimiters are read or refused with a message saying what was seen, and a file that is not a
 * dataset (a header alone, a NUL, a 50 MB cell) is a 400 naming the line and column — never a 500,
 * never a dataset with mojibake names or one column.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileCsvApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  private static final String WINE =
      "acidité,sucre,qualité\n7.4,1.9,bonne\n7.8,2.6,mauvaise\n7.8,2.3,bonne\n";

  final Http http = Http.api(APP);

  private Http.Response upload(String name, String contentType, byte[] body) {
    return http.post("/v1/datasets?name=" + name, contentType, body);
  }

  @Test
  void utf16FromASpreadsheetIsReadAsTheSameDatasetAsItsUtf8() {
    Http.Response utf8 = upload("hostile-utf8", "text/csv", WINE.getBytes(StandardCharsets.UTF_8));
    byte[] le = WINE.getBytes(StandardCharsets.UTF_16LE);
    byte[] withMark = new byte[le.length + 2];
    withMark[0] = (byte) 0xff;
    withMark[1] = (byte) 0xfe;
    System.arraycopy(le, 0, withMark, 2, le.length);

    Http.Response utf16 = upload("hostile-utf16", "text/csv", withMark);
    Http.Response noMark =
        upload("hostile-utf16", "text/csv", WINE.getBytes(StandardCharsets.UTF_16BE));

    assertThat(utf8.status()).as(utf8.text()).isEqualTo(201);
    assertThat(utf16.status()).as(utf16.text()).isEqualTo(201);
    assertThat(utf16.json().path("columns").findValuesAsText("name"))
        .containsExactly("acidité", "sucre", "qualité");
    assertThat(utf16.json().path("version")).isEqualTo(utf8.json().path("version"));
    assertThat(noMark.status()).as(noMark.text()).isEqualTo(200);
    assertThat(noMark.json().path("version")).isEqualTo(utf8.json().path("version"));
  }

  @Test
  void latin1IsReadWhenItsCharsetIsDeclaredAndOtherwiseRefusedWithWhatToDo() {
    byte[] latin1 = WINE.getBytes(StandardCharsets.ISO_8859_1);

    Http.Response undeclared = upload("hostile-latin1", "text/csv", latin1);

    assertThat(undeclared.status()).as(undeclared.text()).isEqualTo(400);
    assertThat(undeclared.message())
        .startsWith(
            "dataset 'hostile-latin1': line 1, header position 1: the bytes "
                + "here are not valid UTF-8 text")
        .contains("charset=windows-1252");
    assertThat(http.get("/v1/datasets/hostile-latin1/versions").status()).isEqualTo(404);

    Http.Response declared = upload("hostile-latin1", "text/csv; charset=ISO-8859-1", latin1);
    assertThat(declared.status()).as(declared.text()).isEqualTo(201);
    assertThat(declared.json().path("columns").findValuesAsText("name"))
        .containsExactly("acidité", "sucre", "qualité");
  }

  @Test
  void aSemicolonFileIsReadAsItsColumnsNotAsOne() {
    String semicolons = "fixed_acidity;residual_sugar;quality\n7,4;1,9;5\n7,8;2,6;6\n";
    Http.Response r =
        upload("hostile-semicolons", "text/csv", semicolons.getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.json().path("columns").findValuesAsText("name"))
        .containsExactly("fixed_acidity", "residual_sugar", "quality");
    // decimal commas are not numbers: the columns say so rather than holding wrong values
    assertThat(r.json().path("columns").findValuesAsText("type"))
        .containsExactly("categorical", "categorical", "numeric");
  }

  @Test
  void aHeaderWithoutRowsIsRefused() {
    Http.Response r =
        upload("hostile-empty", "text/csv", "a,b,c\n".getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.message())
        .isEqualTo(
            "dataset 'hostile-empty': line 2: the file has a header (3 columns: a, b, c) "
                + "but no rows; a dataset needs at least one row");
    assertThat(http.get("/v1/datasets/hostile-empty/versions").status()).isEqualTo(404);
  }

  @Test
  void aNulCharacterIsRefusedNamingWhereItIs() {
    Http.Response r =
        upload("hostile-nul", "text/csv", "a,b\n1,x\u0000y\n".getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.message())
        .startsWith("dataset 'hostile-nul': line 2, column 'b': NUL character (U+0000)");
  }

  @Test
  void aFiftyMegabyteCellIsRefusedAndTheEngineAnswersOn() {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes("id,notes\n1,".getBytes(StandardCharsets.UTF_8));
    byte[] cell = new byte[50 * 1024 * 1024];
    Arrays.fill(cell, (byte) 'x');
    csv.writeBytes(cell);
    csv.writeBytes("\n".getBytes(StandardCharsets.UTF_8));

    Http.Response r = upload("hostile-long", "text/csv", csv.toByteArray());

    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.message())
        .startsWith(
            "dataset 'hostile-long': line 2, column 'notes': field longer than 1048576 "
                + "characters");
    assertThat(
            upload(
                    "hostile-long",
                    "text/csv",
                    "id,notes\n1,short\n".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);
  }
}
