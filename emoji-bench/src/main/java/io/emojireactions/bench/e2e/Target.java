package io.emojireactions.bench.e2e;

/**
 * One contender of the end-to-end benchmark: processes the whole input backlog once, from a fresh
 * start, and reports how long that took and whether its output was exact.
 */
interface Target {

  /** Short name used in the results ({@code pipeline}, {@code seed-shape}, …). */
  String name();

  /** One run over the whole input topic of {@code bench}; {@code run} numbers runs from 0. */
  RunResult run(BenchContext bench, int run) throws Exception;
}
