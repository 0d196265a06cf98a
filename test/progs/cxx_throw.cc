// SPDX-License-Identifier: GPL-2.0
/*
 * Throws and catches N C++ exceptions (argv[1], default 1), then exits 0:
 * libstdc++'s throw and catch USDT probes fire N times each.
 */
#include <cstdlib>
#include <stdexcept>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	long caught = 0;

	for (long i = 0; i < n; i++) {
		try {
			throw std::runtime_error("ktrace test");
		} catch (const std::exception &) {
			caught++;
		}
	}
	return caught == n ? 0 : 1;
}
