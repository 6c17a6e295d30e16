package dev.weft.mapreduce;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic generator of text whose words follow a Zipf distribution over a generated
 * vocabulary: word {@code i} (from 0) is drawn with probability proportional to {@code 1 / (i +
 * 1)^exponent}, as words are in natural language. The vocabulary is made of syllables, so the
 * generator needs no dictionary file. The same vocabulary size, exponent and seed give the same
 * text, byte for byte, on every machine.
 *
 * <pre>{@code
 * ZipfWords words = ZipfWords.create(50_000, 1.0, 42);
 * words.writeLines(Path.of("input.txt"), 100 << 20); // 100 MB of lines
 * }</pre>
 *
 * <p>Not thread-safe: one generator per thread (they are cheap; give each its own seed).
 */
public final class ZipfWords {

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fi", "go", "hu", "ja", "pe", "qua",
    "ri", "so", "tu", "we", "xi", "yo", "ze", "an", "el", "in", "or", "un", "ba", "co", "di", "ek"
  };

  private final String[] vocabulary;
  private final double[] cumulative;
  private final SplittableRandom random;

  private ZipfWords(int size, double exponent, long seed) {
    this.vocabulary = new String[size];
    this.cumulative = new double[size];
    SplittableRandom names = new SplittableRandom(seed ^ 0x5DEECE66DL);
    java.util.HashSet<String> seen = new java.util.HashSet<>();
    double sum = 0;
    for (int i = 0; i < size; i++) {
      String w;
      do {
        StringBuilder sb = new StringBuilder();
        int n = 1 + names.nextInt(1 + Math.min(4, Integer.toString(i, 32).length()));
        for (int j = 0; j < n; j++) sb.append(SYLLABLES[names.nextInt(SYLLABLES.length)]);
        w = sb.toString();
      } while (!seen.add(w));
      vocabulary[i] = w;
      sum += 1 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < size; i++) cumulative[i] /= sum;
    this.random = new SplittableRandom(seed);
  }

  /**
   * A new generator.
   *
   * @param vocabulary the number of distinct words, in {@code [1, 10_000_000]}
   * @param exponent the Zipf exponent, positive (1.0 is close to English)
   * @param seed the seed of the vocabulary and of the text
   * @return a new generator
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static ZipfWords create(int vocabulary, double exponent, long seed) {
    if (vocabulary < 1 || vocabulary > 10_000_000) {
      throw new IllegalArgumentException("ZipfWords: vocabulary out of [1, 10000000]: " + vocabulary);
    }
    if (!(exponent > 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("ZipfWords: exponent must be positive: " + exponent);
    }
    return new ZipfWords(vocabulary, exponent, seed);
  }

  /**
   * The vocabulary, most frequent word first.
   *
   * @return an unmodifiable list of distinct words
   */
  public List<String> vocabulary() {
    return List.of(vocabulary);
  }

  /**
   * Draws the index of a word.
   *
   * @return a rank in {@code [0, vocabulary size)}, 0 the most likely
   */
  public int nextRank() {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(vocabulary.length - 1, i >= 0 ? i : -i - 1);
  }

  /**
   * Draws a word.
   *
   * @return a word of the vocabulary
   */
  public String nextWord() {
    return vocabulary[nextRank()];
  }

  /**
   * Draws a line of 1 to {@code maxWords} words separated by single spaces.
   *
   * @param maxWords the most words on the line, positive
   * @return the line, without a line terminator
   * @throws IllegalArgumentException if {@code maxWords} is not positive
   */
  public String nextLine(int maxWords) {
    if (maxWords <= 0) throw new IllegalArgumentException("ZipfWords: maxWords must be positive: " + maxWords);
    int n = 1 + random.nextInt(maxWords);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) sb.append(' ');
      sb.append(nextWord());
    }
    return sb.toString();
  }

  /**
   * Draws lines of up to 12 words.
   *
   * @param count how many lines, not negative
   * @return the lines
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public List<String> lines(int count) {
    if (count < 0) throw new IllegalArgumentException("ZipfWords: negative count: " + count);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(nextLine(12));
    return out;
  }

  /**
   * Writes lines of up to 12 words, each ending with {@code '\n'}, until the file holds at least
   * {@code bytes} bytes (it ends at the end of a line). Creates or truncates the file.
   *
   * @param file the file
   * @param bytes the least size of the file, not negative
   * @return the number of lines written
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public long writeLines(Path file, long bytes) throws IOException {
    if (bytes < 0) throw new IllegalArgumentException("ZipfWords: negative size: " + bytes);
    long written = 0;
    long lines = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < bytes) {
        String line = nextLine(12);
        w.write(line);
        w.write('\n');
        written += line.length() + 1; // the vocabulary is ASCII
        lines++;
      }
    }
    return lines;
  }
}
