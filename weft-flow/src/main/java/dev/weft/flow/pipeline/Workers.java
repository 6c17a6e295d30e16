package dev.weft.flow.pipeline;

import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Timer;
import dev.weft.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The loops that stage threads run. Each returns normally when its input is closed and drained
 * (the caller then closes the stage's output once all its threads have), and throws when the run is
 * cancelled ({@link dev.weft.context.ContextCancelledException} from the {@link Port}) or when user
 * code fails.
 */
final class Workers {

  private Workers() {}

  static void source(Stage.Source s, Port port) throws Exception {
    s.body().run(port);
  }

  /** A map/filter/flatMap/tap thread; {@code reorder} is null unless ordered with parallelism > 1. */
  static void transform(Stage.Transform t, Port port, Reorderer reorder) throws Exception {
    Stage.Step step = t.step();
    if (reorder == null) {
      Stage.Out out = port::send;
      while (true) {
        Object item = port.receive();
        if (item == null) return;
        step.apply(item, out);
      }
    }
    while (true) {
      Reorderer.Ticket ticket = reorder.take(port);
      if (ticket == null) return;
      List<Object> results = new ArrayList<>(1);
      step.apply(ticket.item(), results::add);
      reorder.complete(ticket.seq(), results, port);
    }
  }

  /**
   * The batch thread: a batch is sent when it has {@code size} items or when {@code maxWait} has
   * passed on {@code clock} since its first item, whichever comes first; a partial batch is sent
   * when the input closes.
   */
  static void batch(Stage.Batch b, Port port, Clock clock) throws Exception {
    int size = b.size();
    List<Object> buf = new ArrayList<>(Math.min(size, 1024));
    Timer timer = null;
    try {
      while (true) {
        Object item;
        if (buf.isEmpty()) {
          item = port.receive();
          if (item == null) break;
          if (size > 1) timer = Timer.start(clock, b.maxWait());
        } else {
          ReceiveResult<?> r = port.receiveOrTimer(timer.channel());
          if (r.isClosed()) break;
          if (!r.isValue()) { // the timer fired: maxWait since the batch's first item
            timer = flush(buf, timer, port);
            continue;
          }
          item = r.value();
        }
        buf.add(item);
        if (buf.size() >= size) timer = flush(buf, timer, port);
      }
      if (!buf.isEmpty()) timer = flush(buf, timer, port);
    } finally {
      if (timer != null) timer.stop();
    }
  }

  /** Sends the batch and clears it; returns the (stopped, dropped) timer as {@code null}. */
  private static Timer flush(List<Object> buf, Timer timer, Port port) throws InterruptedException {
    if (timer != null) timer.stop();
    List<Object> batch = List.copyOf(buf);
    buf.clear();
    port.send(batch);
    return null;
  }

  /** The sink thread: returns the sink's result once its input is closed and drained. */
  static Object sink(Stage.Sink s, Port port) throws Exception {
    Stage.SinkBody<?> body = s.factory().open(port);
    try {
      while (true) {
        Object item = port.receive();
        if (item == null) return body.finish();
        body.accept(item);
      }
    } finally {
      body.close();
    }
  }
}
