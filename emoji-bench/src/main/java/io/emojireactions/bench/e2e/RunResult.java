package io.emojireactions.bench.e2e;

/**
 * One measured run.
 *
 * @param records input records processed (the whole backlog)
 * @param wallNanos from the start of processing until the last record is reflected in the output
 * @param check the output compared with the generator's ground truth
 */
record RunResult(long records, long wallNanos, OutputCheck check) {

  double recordsPerSecond() {
    return records * 1e9 / wallNanos;
  }

  double seconds() {
    return wallNanos / 1e9;
  }
}
