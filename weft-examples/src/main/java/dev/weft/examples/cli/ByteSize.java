package dev.weft.examples.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a size in bytes as written on a command line: a whole number with an optional unit
 * {@code k}, {@code m} or {@code g} (powers of 1024, either case), e.g. {@code 512k}, {@code 256m},
 * {@code 1g}, {@code 65536}. picocli reports a value it rejects together with the option's name.
 */
final class ByteSize implements ITypeConverter<Long> {

  /** Created by picocli. */
  ByteSize() {}

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  /**
   * The number of bytes {@code text} stands for.
   *
   * @throws TypeConversionException if {@code text} is not a size, or is too large
   */
  static long parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    int shift =
        switch (unit) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
    String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new TypeConversionException("'" + text + "' is not a size such as 512k, 256m or 1g");
    }
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is too large");
    }
    if (n > Long.MAX_VALUE >> shift) throw new TypeConversionException("'" + text + "' is too large");
    return n << shift;
  }

  /** {@code bytes} in the largest unit that keeps one decimal readable, e.g. {@code 17.7 MB}. */
  static String format(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
  }
}
