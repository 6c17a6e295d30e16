package dev.weft.flow.pipeline;

import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Timer;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
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
    Context ctx = port.context();
    if (reorder == null) {
      Stage.Out out = port::send;
      while (true) {
        Object item = port.receive();
        if (item == null) return;
        try {
          step.apply(ctx, item, out);
        } catch (Exception e) {
          onItemError(port, item, e);
        }
      }
    }
    while (true) {
      Reorderer.Ticket ticket = reorder.take(port);
      if (ticket == null) return;
      List<Object> results = new ArrayList<>(1);
      try {
        step.apply(ctx, ticket.item(), v -> results.add(port.checkEmitted(v)));
      } catch (Exception e) {
        onItemError(port, ticket.item(), e);
        results.clear(); // skipped: the item still takes its turn, with no results
      }
      reorder.complete(ticket.seq(), results, port);
    }
  }

  /**
   * Applies the stage's {@link ErrorPolicy} to {@code e}, thrown by its function for {@code item}:
   * returns if the item was skipped or dead-lettered, else throws what ends the stage's thread.
   * Only a live run hands exceptions to the policy: once the run's context is done, a failure is
   * either the echo of the cancellation or comes too late to matter.
   */
  @SuppressWarnings("ReferenceEquality") // identity: a throwable cannot suppress itself
  static void onItemError(Port port, Object item, Exception e) throws Exception {
    ErrorPolicy policy = port.stage().options().errorPolicy();
    Context ctx = port.context();
    if (policy instanceof ErrorPolicy.Fail || e instanceof InterruptedException) throw e;
    if (ctx.isDone()) {
      if (e instanceof ContextCancelledException) throw e;
      throw port.cancelled(); // the item is dropped like any other in flight
    }
    if (policy instanceof ErrorPolicy.DeadLetter(var sink)) {
      try {
        sink.accept(ctx, new FailedItem(port.stage().name(), item, e));
      } catch (Exception sinkFailure) {
        boolean echo = sinkFailure instanceof ContextCancelledException && ctx.isDone();
        if (!echo && sinkFailure != e) sinkFailure.addSuppressed(e);
        throw sinkFailure;
      }
    }
    port.countFailed();
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
        try {
          body.accept(item);
        } catch (Exception e) {
          onItemError(port, item, e);
        }
      }
    } finally {
      body.close();
    }
  }
}
