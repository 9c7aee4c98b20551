/* certdiag: parse the command line, dispatch to the command's home
 * (cmd_<name>.c), return its status. The only file that exits. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "cli.h"
#include "commands.h"
#include "report/report.h"

static const struct {
	enum command cmd;
	int (*fn)(const struct options *);
} commands[] = {
	{ CMD_CHECK, cmd_check },
	{ CMD_SHOW, cmd_check },
	{ CMD_CONNECT, cmd_check },
	{ CMD_SCAN, cmd_scan },
	{ CMD_EXPLAIN, cmd_explain },
};

static void
version(void)
{
	printf("certdiag %s\n", PACKAGE_VERSION);
	printf("built with %s\n", OPENSSL_VERSION_TEXT);
	printf("running with %s\n", OpenSSL_version(OPENSSL_VERSION));
}

/* Private keys and passwords live in this process's memory: a crash must
 * not write them to a core file. */
static void
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &none);
	/* The size limit does not stop a core_pattern pipe handler, nor
	 * another process of the same user attaching with ptrace or
	 * reading /proc/PID/mem: not dumpable stops all three. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* A report nobody received must not pass for a clean run: a full disk
 * or a closed pipe turns the status into "incomplete". */
static int
output_written(int status)
{
	if (report_failed())
		status = EXIT_INCOMPLETE;	/* the renderer said why */
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	fprintf(stderr, "certdiag: cannot write the output: %s\n",
	    errno != 0 ? strerror(errno) : "write error");
	return EXIT_INCOMPLETE;
}

int
main(int argc, char **argv)
{
	struct options opt;
	char err[512];
	int status = EXIT_INCOMPLETE;

	no_core_dumps();
	options_init(&opt);
	if (cli_parse(&opt, argc, argv, err, sizeof(err)) != CLI_OK) {
		fprintf(stderr, "certdiag: %s\n", err);
		fprintf(stderr, "Try 'certdiag --help'.\n");
	} else if (opt.cmd == CMD_VERSION) {
		version();
		status = EXIT_OK;
	} else if (opt.cmd == CMD_HELP || opt.help) {
		cli_usage(stdout, opt.cmd == CMD_HELP ? CMD_NONE : opt.cmd);
		status = EXIT_OK;
	} else {
		/* The one read of the clock: every check sees one instant. */
		if (!opt.have_at)
			opt.at = time(NULL);
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]);
		    i++)
			if (commands[i].cmd == opt.cmd)
				status = commands[i].fn(&opt);
	}
	options_free(&opt);
	return output_written(status);
}
