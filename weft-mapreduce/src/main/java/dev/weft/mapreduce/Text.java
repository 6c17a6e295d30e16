package dev.weft.mapreduce;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One line of text as its UTF-8 bytes, handed to a {@link TextMapper} without being decoded into
 * a {@code String}. The bytes are those of the line without its line terminator, and they are
 * valid UTF-8 (a line that is not is a malformed record, see {@link MalformedPolicy}).
 *
 * <p>A {@code Text} is a view the engine reuses for the next line: it is valid only during the
 * {@code map} call that received it, and is not to be kept or shared with other threads. Not
 * thread-safe.
 */
public final class Text {
  byte[] bytes;
  int offset;
  int length;
  boolean ascii;

  Text() {}

  /** Points this view at bytes {@code [offset, offset + length)} of {@code bytes}, valid UTF-8. */
  void set(byte[] bytes, int offset, int length, boolean ascii) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.ascii = ascii;
  }

  /**
   * The number of bytes of the line.
   *
   * @return the length in bytes
   */
  public int length() {
    return length;
  }

  /**
   * The byte at {@code index}: an ASCII character when non-negative, a part of a multi-byte
   * sequence when negative.
   *
   * @param index the index, in {@code [0, length())}
   * @return the byte
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public byte byteAt(int index) {
    Objects.checkIndex(index, length);
    return bytes[offset + index];
  }

  /**
   * Whether every byte of the line is ASCII (below 0x80); then byte {@code i} is character {@code
   * i}.
   *
   * @return true for an ASCII line
   */
  public boolean isAscii() {
    return ascii;
  }

  /**
   * Decodes bytes {@code [from, to)} of the line. A range that cuts a multi-byte sequence decodes
   * the cut bytes as U+FFFD, as {@code new String(bytes, UTF_8)} does.
   *
   * @param from the first byte, inclusive
   * @param to the last byte, exclusive
   * @return the decoded text
   * @throws IndexOutOfBoundsException if the range is out of bounds
   */
  public String substring(int from, int to) {
    Objects.checkFromToIndex(from, to, length);
    return new String(bytes, offset + from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * Decodes the whole line.
   *
   * @return the line
   */
  @Override
  public String toString() {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }
}
