package io.emojireactions.apps.simulate;

/** The simulator's time source and pause: the system's, or a fake one in tests (so they never sleep). */
public interface Ticker {

  long nanoTime();

  void sleepNanos(long nanos) throws InterruptedException;

  /** {@link System#nanoTime()} and a real sleep. */
  static Ticker system() {
    return new Ticker() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
      }
    };
  }
}
