package dev.weft.examples;

import dev.weft.flow.pubsub.Broker;
import dev.weft.flow.pubsub.MessageHandler;
import dev.weft.flow.pubsub.OverflowPolicy;
import dev.weft.flow.pubsub.SubscriberOptions;
import dev.weft.flow.pubsub.Subscription;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pub/sub with a broker: one topic, three subscribers, each on its own virtual thread with its own
 * buffer and overflow policy, so a slow subscriber cannot stall the others.
 *
 * <p>The textbook Go broker is {@code map[string][]chan Msg}; with it, one slow subscriber blocks
 * {@code Publish} for everyone unless each subscriber is isolated and its buffer has a policy for
 * when it fills up. Here:
 *
 * <ul>
 *   <li>{@code audit} is fast, buffer 16, policy BLOCK (lossless);
 *   <li>{@code mailer} stalls on its first order, buffer 3, policy DROP_OLDEST (it will see the
 *       newest orders);
 *   <li>{@code analytics} stalls on its first order, buffer 2, policy DISCONNECT (it is dropped as
 *       soon as it falls behind).
 * </ul>
 *
 * The two slow subscribers stay stuck until all ten orders are published, so the output is the same
 * on every run.
 *
 * <p>What to look for: every publish returns at once although two subscribers are stuck; the count
 * of subscribers reached falls from 3 to 2 when {@code analytics} is disconnected; {@code audit}
 * gets all ten orders, {@code mailer} the first and the last three (six evicted), {@code analytics}
 * the first three, then DISCONNECTED.
 */
final class PubSubExample implements Example {

  @Override
  public String name() {
    return "pub-sub";
  }

  @Override
  public String description() {
    return "a broker: per-subscriber buffers and overflow policies isolate slow subscribers";
  }

  @Override
  public String goIdiom() {
    return "a Go broker's `map[string][]chan Msg`, "
        + "with a buffer and an overflow policy per subscriber";
  }

  /** Records what a subscriber handles; a slow one stalls in its first message until released. */
  private static final class Sub implements MessageHandler<String> {
    final ReentrantLock lock = new ReentrantLock();
    final List<String> got = new ArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate;

    Sub(boolean slow) {
      gate = new CountDownLatch(slow ? 1 : 0);
    }

    @Override
    public void handle(String order) throws InterruptedException {
      lock.lock();
      try {
        got.add(order);
      } finally {
        lock.unlock();
      }
      entered.countDown();
      gate.await();
    }

    List<String> got() {
      lock.lock();
      try {
        return List.copyOf(got);
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Broker<String> broker = new Broker<>();
    Sub audit = new Sub(false);
    Sub mailer = new Sub(true);
    Sub analytics = new Sub(true);
    Subscription<String> sAudit =
        broker.subscribe("orders", new SubscriberOptions(16, OverflowPolicy.BLOCK), audit);
    Subscription<String> sMailer =
        broker.subscribe("orders", new SubscriberOptions(3, OverflowPolicy.DROP_OLDEST), mailer);
    Subscription<String> sAnalytics =
        broker.subscribe("orders", new SubscriberOptions(2, OverflowPolicy.DISCONNECT), analytics);
    try {
      for (int i = 1; i <= 10; i++) {
        String order = "order-" + i;
        int reached = broker.publish("orders", order);
        out.println("publish " + order + " -> reached " + reached + " subscribers");
        if (i == 1) { // let the slow ones take order-1 and get stuck in it
          mailer.entered.await();
          analytics.entered.await();
        }
      }
    } finally {
      mailer.gate.countDown();
      analytics.gate.countDown();
      broker.close(); // delivers what is buffered, then joins the subscriber threads
    }
    report(out, "audit", sAudit, audit);
    report(out, "mailer", sMailer, mailer);
    report(out, "analytics", sAnalytics, analytics);
  }

  private static void report(PrintStream out, String name, Subscription<String> s, Sub sub) {
    out.printf("%-9s %-11s buffer %2d: %-12s delivered=%d dropped=%d got %s%n",
        name, s.options().overflow(), s.options().bufferSize(), s.state(), s.delivered(),
        s.dropped(), sub.got());
  }
}
