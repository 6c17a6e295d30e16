package dev.weft.test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader (RFC 8259), enough for the JDK's JSON thread dump; weft-test has no
 * dependencies besides JUnit.
 *
 * <p>Values map to Java as: object to an unmodifiable {@code Map<String, Object>} in document
 * order, array to an unmodifiable {@code List<Object>}, string to {@link String}, number to
 * {@link BigDecimal}, {@code true}/{@code false} to {@link Boolean}, and {@code null} to {@code
 * null}. A duplicate key keeps its last value. The whole input must be one value, optionally
 * surrounded by whitespace.
 *
 * <p>Instances are single-use and not thread-safe; {@link #parse} is the only entry point.
 */
final class Json {

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses {@code text} as one JSON value.
   *
   * @throws IllegalArgumentException if the text is not valid JSON; the message gives the offset
   * @throws NullPointerException if {@code text} is null
   */
  static Object parse(String text) {
    if (text == null) throw new NullPointerException("Json: text is null");
    Json json = new Json(text);
    json.skipWhitespace();
    Object value = json.value();
    json.skipWhitespace();
    if (json.pos != text.length()) throw json.error("unexpected trailing characters");
    return value;
  }

  private Object value() {
    if (pos >= text.length()) throw error("unexpected end of input");
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) yield number();
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object() {
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') throw error("expected a string key");
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      map.put(key, value());
      skipWhitespace();
      char c = next();
      if (c == '}') return Collections.unmodifiableMap(map);
      if (c != ',') throw error("expected ',' or '}' in object");
    }
  }

  private List<Object> array() {
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      skipWhitespace();
      list.add(value());
      skipWhitespace();
      char c = next();
      if (c == ']') return Collections.unmodifiableList(list);
      if (c != ',') throw error("expected ',' or ']' in array");
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') return sb.toString();
      if (c < 0x20) throw error("control character in string");
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(hex4());
        default -> throw error("invalid escape '\\" + e + "'");
      }
    }
  }

  private char hex4() {
    if (pos + 4 > text.length()) throw error("truncated \\u escape");
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) throw error("invalid \\u escape");
      v = (v << 4) | d;
    }
    pos += 4;
    return (char) v;
  }

  private BigDecimal number() {
    int start = pos;
    if (peek() == '-') pos++;
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw error("invalid number");
    }
    if (peek() == '.') {
      pos++;
      if (!digits()) throw error("invalid number: no digits after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      if (!digits()) throw error("invalid number: no digits in exponent");
    }
    return new BigDecimal(text.substring(start, pos));
  }

  /** Consumes one or more digits; returns whether there was at least one. */
  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
    return pos > start;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) throw error("invalid literal");
    pos += word.length();
    return value;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      pos++;
    }
  }

  /** The current character, or {@code '\0'} at the end (never valid where peek is used). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) throw error("unexpected end of input");
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("Json: " + what + " at offset " + pos);
  }
}
