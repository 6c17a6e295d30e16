package dev.weft.flow.pipeline;

import dev.weft.task.ContextConsumer;
import dev.weft.chan.SendChannel;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collector;

/** The sinks: each factory makes a fresh per-run state. */
final class Sinks {

  private Sinks() {}

  /** Calls {@code consumer} for each item, with the run's context; the result is {@code null}. */
  record ForEach<T>(ContextConsumer<? super T> consumer) implements Stage.SinkFactory<Void> {
    @Override
    public Stage.SinkBody<Void> open(Port port) {
      return new Stage.SinkBody<>() {
        @Override
        @SuppressWarnings("unchecked")
        public void accept(Object item) throws Exception {
          consumer.accept(port.context(), (T) item);
          port.countOut();
        }

        @Override
        public Void finish() {
          return null;
        }
      };
    }
  }

  /** Accumulates items with a {@link Collector}; a new container per run. */
  record Collect<T, A, R>(Collector<? super T, A, R> collector) implements Stage.SinkFactory<R> {
    @Override
    public Stage.SinkBody<R> open(Port port) {
      A container = collector.supplier().get();
      BiConsumer<A, ? super T> acc = collector.accumulator();
      Function<A, R> finisher = collector.finisher();
      return new Stage.SinkBody<>() {
        @Override
        @SuppressWarnings("unchecked")
        public void accept(Object item) {
          acc.accept(container, (T) item);
          port.countOut();
        }

        @Override
        public R finish() {
          return finisher.apply(container);
        }
      };
    }
  }

  /**
   * Sends each item to {@code channel} (the port's output), and closes it however the run ends,
   * unless it is already closed.
   */
  record ToChannel<T>(SendChannel<? super T> channel) implements Stage.SinkFactory<Void> {
    @Override
    public Stage.SinkBody<Void> open(Port port) {
      return new Stage.SinkBody<>() {
        @Override
        public void accept(Object item) throws InterruptedException {
          port.send(item);
        }

        @Override
        public Void finish() {
          return null;
        }

        @Override
        public void close() {
          if (channel.isClosedForSend()) return;
          try {
            channel.close();
          } catch (IllegalStateException alreadyClosed) {
            // closed concurrently by its owner: nothing more to do
          }
        }
      };
    }
  }
}
