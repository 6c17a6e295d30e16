package dev.weft.mapreduce.hazelcast;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Checks, before a job is submitted, that what will be sent to the members can be serialized, so
 * that a lambda capturing a non-serializable object fails at once with a message naming the
 * function, instead of deep inside Jet's job submission.
 */
final class Shipping {
  private Shipping() {}

  /**
   * Serializes {@code value} with Java serialization (what Jet uses for the functions of a job)
   * and discards the bytes.
   *
   * @param what what {@code value} is, for the message ("map function", "combiner", ...)
   * @param value the value to check
   * @throws IllegalArgumentException if it cannot be serialized, naming {@code what} and the cause
   */
  static void check(String what, Object value) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "HazelcastEngine: the job's " + what + " cannot be sent to the cluster, it is not serializable: "
              + e + " (" + value.getClass().getName() + "; a lambda must capture only serializable values)",
          e);
    }
  }
}
