"""Load benchmark of SociaLearn's main pages: bench/run, see docs/performance.md."""
