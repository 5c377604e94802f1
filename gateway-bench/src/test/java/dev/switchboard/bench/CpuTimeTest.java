package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuTimeTest {

  private static final long PID = ProcessHandle.current().pid();

  @Test
  void aThreadNamedLikeHotSpotsCompilersCountsAsCompilerTime() throws InterruptedException {
    CpuTime before = CpuTime.of(PID);
    // Linux keeps the first 15 characters of the name: "C9 CompilerThre", as HotSpot's own compilers show.
    // A thread's /proc entry goes when it ends, so the probe stays alive until it has been read.
    CountDownLatch burned = new CountDownLatch(1);
    CountDownLatch read = new CountDownLatch(1);
    Thread burner = new Thread(() -> {
      burnQuarterSecondOfCpu();
      burned.countDown();
      awaitQuietly(read);
    }, "C9 CompilerThread-probe");
    burner.start();
    assertThat(burned.await(30, TimeUnit.SECONDS)).isTrue();

    CpuTime after = CpuTime.of(PID);
    read.countDown();
    burner.join();

    // The compiler part read whole, not since(before): HotSpot ends idle compiler threads, and the time of one
    // that ended between the readings leaves the sum, so under load the difference could lose the probe's.
    assertThat(after.compilerMicros()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(200));
    assertThat(after.totalMicros()).isGreaterThanOrEqualTo(after.compilerMicros());
    assertThat(after.since(before).totalMicros()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(200));
  }

  @Test
  void otherThreadsCountOnlyInTheTotal() throws InterruptedException {
    CpuTime before = CpuTime.of(PID);
    Thread burner = new Thread(CpuTimeTest::burnQuarterSecondOfCpu, "switchboard-probe");
    burner.start();
    burner.join();

    CpuTime spent = CpuTime.of(PID).since(before);

    assertThat(spent.totalMicros()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(200));
    // The JVM's real compilers may work meanwhile, but not for as long as the probe burned.
    assertThat(spent.compilerMicros()).isBetween(0L, spent.totalMicros() - TimeUnit.MILLISECONDS.toMicros(200));
  }

  @Test
  void touchingFreshMemoryCountsItsPageFaults() {
    CpuTime before = CpuTime.of(PID);
    // 64 MB outside the heap, fresh from the kernel (glibc maps an allocation this large anew) and zeroed by
    // the JVM as it is allocated: a fault for each of its 16,384 pages of 4 KB.
    java.nio.ByteBuffer fresh = java.nio.ByteBuffer.allocateDirect(64 * 1024 * 1024);
    CpuTime spent = CpuTime.of(PID).since(before);

    assertThat(fresh.capacity()).isEqualTo(64 * 1024 * 1024);
    assertThat(spent.minorFaults()).isGreaterThanOrEqualTo(12_000);
    assertThat(spent.faultsPer(1_000)).isEqualTo(spent.minorFaults() / 1_000.0);
    assertThat(new CpuTime(5_000, 1_000).since(before).faultsPer(10)).isEqualTo(-1);
  }

  @Test
  void perMessageFiguresAreUnknownWithoutReadingsOrMessages() {
    CpuTime spent = new CpuTime(5_000, 1_000).since(new CpuTime(1_000, 500));

    assertThat(spent.totalPer(4)).isEqualTo(1_000.0);
    assertThat(spent.compilerPer(4)).isEqualTo(125.0);
    assertThat(spent.totalPer(0)).isEqualTo(-1);
    assertThat(CpuTime.UNKNOWN.since(CpuTime.UNKNOWN).totalPer(10)).isEqualTo(-1);
    assertThat(CpuTime.of(Long.MAX_VALUE)).isEqualTo(CpuTime.UNKNOWN);
    // A compiler thread that ended in between took its time with it: the part is a lower bound, never negative.
    assertThat(new CpuTime(9_000, 200).since(new CpuTime(1_000, 700)).compilerMicros()).isZero();
    // The threads' ticks, rounded apart from the process's, can run one ahead of it: the part is never above the total.
    assertThat(new CpuTime(260_000, 260_000).since(new CpuTime(10_000, 0)).compilerMicros()).isEqualTo(250_000);
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesIsReadWhole() {
    String stat = "4242 (C2 (x) CompilerThre) S 1 2 3 4 5 6 7 8 9 10 120 30 0 0 20 0 1 0";

    assertThat(CpuTime.command(stat)).isEqualTo("C2 (x) CompilerThre");
    assertThat(CpuTime.ticks(stat)).isEqualTo(150);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void burnQuarterSecondOfCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(250);
    long sum = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 100_000; i++) {
        sum += i ^ (sum >>> 3);
      }
    }
    if (sum == 42) {
      System.out.print("");
    }
  }
}
