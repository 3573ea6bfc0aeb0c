"""Workflows the benchmarks run: trivial step bodies, so the figures measure the engine."""

from workflows.engine import State, begin, step, task


def _make_step(index: int):
    @step(f"Bench step {index}")
    def bench_step(counter: int = 0) -> State:
        return {"counter": counter + 1, f"step_{index}": True}

    return bench_step


BENCH_STEPS = [_make_step(i) for i in range(1, 7)]


@task("Benchmark: six trivial steps")
def task_bench_six_steps():
    steps = begin
    for s in BENCH_STEPS:
        steps = steps >> s
    return steps
