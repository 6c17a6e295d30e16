package dev.weft.mapreduce;

import java.nio.file.Path;

/** A piece of the input that one worker maps at a time. */
sealed interface Split {

  /** How an error message names this split. */
  String describe();

  /** A byte range {@code [start, end)} of a file; lines are assigned by where they start. */
  record FileRange(Path file, long start, long end) implements Split {
    @Override
    public String describe() {
      return file + "[" + start + ".." + end + ")";
    }
  }

  /** An index range {@code [from, to)} of a collection input. */
  record ItemRange(int from, int to) implements Split {
    @Override
    public String describe() {
      return "items[" + from + ".." + to + ")";
    }
  }

  /** The values received from a channel input, which is not cut into splits. */
  record Received() implements Split {
    @Override
    public String describe() {
      return "channel";
    }
  }
}
