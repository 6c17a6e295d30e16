package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pool hands each idle object to one getter at a time, resets on put, and keeps a bounded number. */
@Timeout(60)
class PoolTest {

  /** A pooled object that notices being used by two threads at once. */
  private static final class Buf {
    final AtomicBoolean inUse = new AtomicBoolean();
    int resets;
    int writes;
  }

  @Test
  void getMakesANewObjectWhenNoneIsIdleAndReturnsAPutOneOtherwise() {
    AtomicInteger made = new AtomicInteger();
    Pool<StringBuilder> pool = Pool.create(() -> { made.incrementAndGet(); return new StringBuilder(); });
    StringBuilder a = pool.get();
    StringBuilder b = pool.get();
    assertThat(a).isNotSameAs(b);
    assertThat(made).hasValue(2);
    pool.put(a);
    assertThat(pool.idle()).isEqualTo(1);
    assertThat(pool.get()).isSameAs(a);
    assertThat(made).hasValue(2);
    assertThat(pool.idle()).isZero();
  }

  @Test
  void putResetsTheObjectAndAFailingResetDropsIt() {
    Pool<Buf> pool = Pool.create(Buf::new, b -> {
      if (b.writes < 0) throw new IllegalStateException("corrupt");
      b.writes = 0;
      b.resets++;
    });
    Buf b = pool.get();
    b.writes = 5;
    pool.put(b);
    Buf again = pool.get();
    assertThat(again).isSameAs(b);
    assertThat(again.writes).isZero();
    assertThat(again.resets).isEqualTo(1);
    again.writes = -1;
    assertThatThrownBy(() -> pool.put(again)).isInstanceOf(IllegalStateException.class).hasMessage("corrupt");
    assertThat(pool.idle()).isZero();
    assertThat(pool.get()).isNotSameAs(again);
  }

  @Test
  void idleObjectsAreBoundedAndTheRestIsDropped() {
    Pool<Object> pool = Pool.create(Object::new, x -> {}, 3);
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < pool.maxIdle() + 50; i++) many.add(new Object());
    many.forEach(pool::put);
    assertThat(pool.idle()).isLessThanOrEqualTo(pool.maxIdle()).isGreaterThanOrEqualTo(3);
    assertThat(pool.toString()).startsWith("Pool[idle ");
  }

  @Test
  void aPoolWithoutSharedOverflowKeepsOnlyTheStripeCache() {
    Pool<Object> pool = Pool.create(Object::new, x -> {}, 0);
    for (int i = 0; i < 10; i++) pool.put(new Object());
    assertThat(pool.idle()).isEqualTo(2); // this thread's stripe; no overflow
    assertThat(pool.maxIdle()).isEqualTo(2 * Pool.stripes(Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void clearDropsEveryIdleObject() {
    Pool<Object> pool = Pool.create(Object::new);
    Object x = new Object();
    for (int i = 0; i < 10; i++) pool.put(i == 0 ? x : new Object());
    pool.clear();
    assertThat(pool.idle()).isZero();
    assertThat(pool.get()).isNotSameAs(x);
  }

  @Test
  void getAndPutNeverBlockAndIgnoreTheInterruptStatusAndContexts() {
    Pool<Object> pool = Pool.create(Object::new);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      ctx.cancel(); // a pool call takes no context: a done one changes nothing around it
      Thread.currentThread().interrupt();
      Object x = pool.get();
      pool.put(x);
      assertThat(pool.get()).isSameAs(x);
      assertThat(Thread.interrupted()).isTrue(); // kept, not consumed
    }
  }

  @Test
  void stripesArePowersOfTwoAboutTwicePerProcessor() {
    assertThat(Pool.stripes(1)).isEqualTo(2);
    assertThat(Pool.stripes(2)).isEqualTo(4);
    assertThat(Pool.stripes(3)).isEqualTo(8);
    assertThat(Pool.stripes(8)).isEqualTo(16);
    assertThat(Pool.stripes(1000)).isEqualTo(256);
  }

  @Test
  void badInputFailsFast() {
    assertThatThrownBy(() -> Pool.create(null)).isInstanceOf(NullPointerException.class).hasMessage("Pool: supplier is null");
    assertThatThrownBy(() -> Pool.create(Object::new, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Pool.create(Object::new, x -> {}, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pool: maxShared is negative: -1");
    Pool<Object> nulls = Pool.create(() -> null);
    assertThatThrownBy(nulls::get).isInstanceOf(NullPointerException.class).hasMessage("Pool: supplier returned null");
    assertThatThrownBy(() -> nulls.put(null)).isInstanceOf(NullPointerException.class).hasMessage("Pool: object is null");
  }

  @Test
  void manyThreadsNeverHoldTheSameObjectAtOnce() throws Exception {
    AtomicInteger made = new AtomicInteger();
    Pool<Buf> pool = Pool.create(() -> { made.incrementAndGet(); return new Buf(); }, b -> b.writes = 0, 4);
    AtomicInteger clashes = new AtomicInteger();
    ErrGroup g = new ErrGroup();
    int threads = 64;
    int rounds = 2_000;
    for (int t = 0; t < threads; t++) {
      g.go(() -> {
        for (int r = 0; r < rounds; r++) {
          Buf b = pool.get();
          if (!b.inUse.compareAndSet(false, true)) clashes.incrementAndGet();
          b.writes++;
          if (b.writes != 1) clashes.incrementAndGet(); // reset happened before the next get
          if (r % 7 == 0) Thread.yield();
          b.inUse.set(false);
          pool.put(b);
        }
      });
    }
    g.await();
    assertThat(clashes).hasValue(0);
    assertThat(made.get()).isLessThan(threads * rounds / 10); // objects were reused
    assertThat(pool.idle()).isLessThanOrEqualTo(pool.maxIdle());
  }
}
