package dev.weft.context;

/** Runs test code on a virtual thread and rethrows what it threw. */
final class VirtualThreads {

  /** Test code that may throw anything. */
  interface Body {
    void run() throws Exception;
  }

  private VirtualThreads() {}

  /** Runs {@code body} on a new virtual thread, waits for it, and rethrows its failure. */
  static void run(Body body) throws Throwable {
    Throwable[] failure = new Throwable[1];
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    body.run();
                  } catch (Throwable e) {
                    failure[0] = e;
                  }
                });
    t.join();
    if (failure[0] != null) throw failure[0];
  }
}
