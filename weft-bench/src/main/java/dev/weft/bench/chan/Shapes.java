package dev.weft.bench.chan;

import org.openjdk.jmh.infra.BenchmarkParams;

/** The blocking shapes, written once over {@link Pipe}; each runs to completion and returns. */
final class Shapes {

  /**
   * Checks a batched benchmark's setup: JMH's operations per invocation must equal {@code pairs}
   * (so {@code -p pairs=N} comes with {@code -opi N}), and {@code width} must divide it.
   *
   * @param benchmark the benchmark's name, for the message
   * @param widthName the parameter {@code width} comes from ({@code stages}, {@code channels})
   */
  static void checkBatch(
      String benchmark, int pairs, String widthName, int width, BenchmarkParams params) {
    if (params.getOpsPerInvocation() != pairs) {
      throw new IllegalArgumentException(
          benchmark + ": pairs=" + pairs + " but " + params.getOpsPerInvocation()
              + " operations per invocation; pass -opi " + pairs);
    }
    if (pairs % width != 0) {
      throw new IllegalArgumentException(benchmark + ": " + widthName + " must divide pairs=" + pairs);
    }
  }

  private Shapes() {}

  /** One producer sends {@code messages} values through {@code pipe}, one consumer receives them. */
  static void spsc(Pipe pipe, int messages) throws Exception {
    new VirtualThreads()
        .add(
            () -> {
              for (int i = 0; i < messages; i++) pipe.send(Pipe.MESSAGE);
            })
        .add(
            () -> {
              for (int i = 0; i < messages; i++) pipe.receive();
            })
        .runAll();
  }

  /**
   * {@code stages} pipes in a chain: a source sends {@code elements} values into the first, {@code
   * stages - 1} threads forward each value to the next pipe, a sink drains the last; {@code elements
   * * stages} send+receive pairs.
   */
  static void chained(String impl, int capacity, int stages, int elements) throws Exception {
    Pipe[] pipes = new Pipe[stages];
    for (int s = 0; s < stages; s++) pipes[s] = Pipe.of(impl, capacity);
    VirtualThreads threads = new VirtualThreads();
    threads.add(
        () -> {
          Pipe first = pipes[0];
          for (int i = 0; i < elements; i++) first.send(Pipe.MESSAGE);
        });
    for (int s = 1; s < stages; s++) {
      Pipe in = pipes[s - 1];
      Pipe out = pipes[s];
      threads.add(
          () -> {
            for (int i = 0; i < elements; i++) out.send(in.receive());
          });
    }
    threads.add(
        () -> {
          Pipe last = pipes[stages - 1];
          for (int i = 0; i < elements; i++) last.receive();
        });
    threads.runAll();
  }

  /**
   * {@code pairs} independent pipes, each with its own producer sending {@code elements} values and
   * its own consumer; {@code elements * pairs} send+receive pairs.
   */
  static void parallel(String impl, int capacity, int pairs, int elements) throws Exception {
    VirtualThreads threads = new VirtualThreads();
    for (int p = 0; p < pairs; p++) {
      Pipe pipe = Pipe.of(impl, capacity);
      threads.add(
          () -> {
            for (int i = 0; i < elements; i++) pipe.send(Pipe.MESSAGE);
          });
      threads.add(
          () -> {
            for (int i = 0; i < elements; i++) pipe.receive();
          });
    }
    threads.runAll();
  }

  /**
   * {@code producers} and {@code consumers} share {@code pipe}; {@code messages} values in total.
   * Producers run {@code work} before each send, consumers after each receive.
   *
   * @throws IllegalArgumentException if the messages do not split evenly
   */
  static void mpmc(Pipe pipe, int producers, int consumers, int messages, Runnable work)
      throws Exception {
    if (messages % producers != 0 || messages % consumers != 0) {
      throw new IllegalArgumentException(
          "Shapes: " + messages + " messages do not split over " + producers + " producers and "
              + consumers + " consumers");
    }
    VirtualThreads threads = new VirtualThreads();
    int perProducer = messages / producers;
    int perConsumer = messages / consumers;
    for (int p = 0; p < producers; p++) {
      threads.add(
          () -> {
            for (int i = 0; i < perProducer; i++) {
              work.run();
              pipe.send(Pipe.MESSAGE);
            }
          });
    }
    for (int c = 0; c < consumers; c++) {
      threads.add(
          () -> {
            for (int i = 0; i < perConsumer; i++) {
              pipe.receive();
              work.run();
            }
          });
    }
    threads.runAll();
  }
}
