/* Reads a server configuration with one source, N times, and prints
 * what it found and the CPU time (user + system, getrusage) per read.
 * usage: bench/conf_read SOURCE FILE [N] */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "deploy/deployment.h"
#include "deploy/source.h"
#include "finding.h"

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	const struct source_desc *src;
	size_t files = 0, deps = 0, finds = 0;
	long n = argc > 3 ? strtol(argv[3], NULL, 10) : 20;
	double t0;

	if (argc < 3 || (src = source_find(argv[1])) == NULL || n < 1) {
		fprintf(stderr, "usage: conf_read SOURCE FILE [N]\n");
		return 2;
	}
	t0 = cpu_seconds();
	for (long i = 0; i < n; i++) {
		struct deployments ds;
		struct findings fs;

		deployments_init(&ds);
		findings_init(&fs);
		src->read(argv[2], &ds, &fs);
		deps = ds.n;
		finds = fs.n;
		files = 0;
		for (size_t j = 0; j < ds.n; j++)
			files += ds.v[j].nfiles;
		deployments_free(&ds);
		findings_free(&fs);
	}
	printf("%s: %zu deployments, %zu files, %zu findings; "
	    "%.3f ms CPU per read (%ld reads)\n", argv[1], deps, files,
	    finds, (cpu_seconds() - t0) * 1000 / n, n);
	return 0;
}
