package dev.weft.mapreduce;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a job does with a malformed record (one its map function rejects with {@link
 * MalformedRecordException}, one over {@link JobConfig#maxRecordLength()}, or a line that is not
 * valid UTF-8). Nothing is dropped silently: a skipped record is counted in {@link
 * JobStats#malformedRecords()}, a dead-lettered one is also written down.
 */
public sealed interface MalformedPolicy {

  /**
   * Fail the job, naming the split, the record's position and the reason.
   *
   * @return the failing policy, the default
   */
  static MalformedPolicy fail() {
    return new Fail();
  }

  /**
   * Skip the record and count it.
   *
   * @return the skipping policy
   */
  static MalformedPolicy skip() {
    return new Skip();
  }

  /**
   * Skip the record, count it, and append a line to {@code file} naming the split, the position,
   * the reason and the record (its first {@code maxRecordLength} characters for an overlong one).
   * The file is created or truncated when the job starts.
   *
   * @param file the dead-letter file
   * @return the dead-letter policy
   * @throws NullPointerException if {@code file} is null
   */
  static MalformedPolicy deadLetter(Path file) {
    return new DeadLetter(file);
  }

  /** Fail the job on the first malformed record. */
  record Fail() implements MalformedPolicy {}

  /** Skip malformed records and count them. */
  record Skip() implements MalformedPolicy {}

  /**
   * Skip malformed records, count them and write them to a file.
   *
   * @param file the dead-letter file
   */
  record DeadLetter(Path file) implements MalformedPolicy {
    /**
     * Validates the file.
     *
     * @param file the dead-letter file
     * @throws NullPointerException if {@code file} is null
     */
    public DeadLetter {
      Objects.requireNonNull(file, "MalformedPolicy: dead-letter file is null");
    }
  }
}
