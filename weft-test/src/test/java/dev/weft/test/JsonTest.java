package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON reader accepts RFC 8259 values and rejects everything else with its offset. */
class JsonTest {

  @Test
  void readsNestedObjectsAndArraysInDocumentOrder() {
    Object v = Json.parse(" {\"b\": [1, {\"c\": null}, []], \"a\": {}, \"t\": true, \"f\": false} ");
    Map<String, Object> m = object(v);
    assertThat(m.keySet()).containsExactly("b", "a", "t", "f");
    List<?> b = (List<?>) m.get("b");
    assertThat(b).hasSize(3);
    assertThat(b.get(0)).isEqualTo(new BigDecimal("1"));
    assertThat(object(b.get(1))).containsEntry("c", null);
    assertThat((List<?>) b.get(2)).isEmpty();
    assertThat((Map<?, ?>) m.get("a")).isEmpty();
    assertThat(m.get("t")).isInstanceOf(Boolean.class).isEqualTo(true);
    assertThat(m.get("f")).isInstanceOf(Boolean.class).isEqualTo(false);
  }

  @Test
  void decodesEveryEscape() {
    assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00fc \\ud83d\\ude00\""))
        .isEqualTo("q\" b\\ s/ \b\f\n\r\t \u00fc \ud83d\ude00");
    assertThat(Json.parse("\"\"")).isEqualTo("");
    assertThat(Json.parse("\"java.base\\/java.lang.Object.wait0(Native Method)\""))
        .isEqualTo("java.base/java.lang.Object.wait0(Native Method)");
  }

  @Test
  void readsNumbersExactly() {
    assertThat(Json.parse("-0")).isEqualTo(new BigDecimal("-0"));
    assertThat(Json.parse("1.5e3")).isEqualTo(new BigDecimal("1.5e3"));
    assertThat(Json.parse("0.25")).isEqualTo(new BigDecimal("0.25"));
    assertThat(Json.parse("12345678901234567890")).isEqualTo(new BigDecimal("12345678901234567890"));
    assertThat(Json.parse("2E-2")).isEqualTo(new BigDecimal("0.02"));
  }

  @Test
  void aDuplicateKeyKeepsItsLastValue() {
    assertThat(object(Json.parse("{\"k\": 1, \"k\": 2}"))).containsEntry("k", new BigDecimal("2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "\"open", "01", "1.", "1e", "-", "+1", "tru", "nul",
        "[1 2]", "{\"a\" 1}", "\"bad \\x escape\"", "\"\\u12\"", "\"tab\there\"", "1 2", "{} x"
      })
  void rejectsInvalidJsonWithAnOffset(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Json: ")
        .hasMessageContaining(" at offset ");
  }

  @SuppressWarnings("unchecked") // Json objects are always Map<String, Object>
  private static Map<String, Object> object(Object v) {
    assertThat(v).isInstanceOf(Map.class);
    return (Map<String, Object>) v;
  }
}
