/* azemu: command line, start-up and shutdown. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/azemu/admin.h"
#include "tests/azemu/azemu.h"
#include "tests/azemu/executions.h"
#include "tests/azemu/faults.h"
#include "tests/azemu/files.h"
#include "tests/azemu/reqlog.h"
#include "tests/azemu/server.h"
#include "tests/azemu/state.h"

static const char usage[] =
	"Usage: azemu [OPTION]...\n"
	"A local emulator of the Azure Resource Manager subset sockerless uses: the login\n"
	"authority, managed identity endpoints, storage accounts and file shares, Container\n"
	"Apps managed environments, environment storages, jobs and executions, and private\n"
	"DNS A record sets.  Plain HTTP on a loopback address.  Stops on SIGINT or SIGTERM.\n"
	"\n"
	"Server:\n"
	"  --listen ADDR:PORT        loopback address to serve (default 127.0.0.1:0; port 0\n"
	"                            picks a free port; [::1]:PORT for IPv6)\n"
	"  --port-file FILE          write the port there once listening\n"
	"  --data-dir DIR            required; each file share is DIR/shares/ACCOUNT/SHARE\n"
	"  --state-file FILE         keep the state (resources, tokens, operations) there, so a\n"
	"                            restart keeps it; read at start if it exists\n"
	"  --log-file FILE           append one JSON line per request (see REQUEST LOG)\n"
	"\n"
	"Resources created at start (kept if the state file already has them):\n"
	"  --subscription ID         a subscription\n"
	"  --resource-group NAME     a resource group in it\n"
	"  --location LOC            its location (default westeurope)\n"
	"  --storage-account NAME    a storage account in the resource group\n"
	"  --storage-key KEY         its key1 (default: random; read it with listKeys)\n"
	"  --environment NAME        a Container Apps managed environment\n"
	"  --dns-zone NAME           a private DNS zone\n"
	"\n"
	"Identity:\n"
	"  --tenant-id ID            accept token requests for this tenant only (default any)\n"
	"  --client-id ID            the application (and managed identity) client id\n"
	"  --client-secret SECRET    its secret (or the environment variable AZEMU_CLIENT_SECRET)\n"
	"  --federated-token TOKEN   the client assertion accepted for it (workload identity)\n"
	"  --managed-identity        answer IMDS token requests\n"
	"  --identity-header VALUE   answer IDENTITY_ENDPOINT requests carrying this header\n"
	"  --token-lifetime S        seconds a token lives (default 3599)\n"
	"\n"
	"Behaviour:\n"
	"  --lro-polls N             'still running' answers of each asynchronous operation\n"
	"                            before it completes (default 1)\n"
	"  --poll-retry-after S      Retry-After on asynchronous answers (default 0: none)\n"
	"  --start-async             jobs/start answers 202 + Location instead of 200\n"
	"  --execution-ms N          executions run N ms, then succeed (default 2000;\n"
	"                            -1: until stopped or finished through the admin API)\n"
	"  --share-delete-window-ms N  a deleted share's name gives 409 ShareBeingDeleted\n"
	"                            for N ms (default 30000)\n"
	"  --page-size N             items per page of lists, nextLink after (default 100)\n"
	"  --help                    this text\n"
	"\n"
	"ENDPOINTS\n"
	"  POST /{tenant}/oauth2/v2.0/token        client credentials: client_secret, or\n"
	"       client_assertion (jwt-bearer); scope https://management.azure.com/.default.\n"
	"       Errors as AAD sends them: {\"error\",\"error_description\":\"AADSTS...\"}.\n"
	"  GET  /metadata/identity/oauth2/token    IMDS (header Metadata: true)\n"
	"  GET  /msi/token                         IDENTITY_ENDPOINT (header X-IDENTITY-HEADER)\n"
	"  /subscriptions/...                      ARM; every call needs a token issued above\n"
	"       (401 AuthenticationFailed, InvalidAuthenticationToken or\n"
	"       ExpiredAuthenticationToken otherwise) and a supported api-version (400\n"
	"       MissingApiVersionParameter, InvalidApiVersionParameter, NoRegisteredProviderFound):\n"
	"         Microsoft.App 2025-07-01, 2025-01-01, 2024-03-01\n"
	"         Microsoft.Storage 2023-05-01, 2023-01-01, 2024-01-01, 2025-01-01\n"
	"         Microsoft.Network/privateDnsZones 2024-06-01, 2020-06-01\n"
	"    .../Microsoft.Storage/storageAccounts/{a}                   GET\n"
	"    .../storageAccounts/{a}/listKeys                            POST\n"
	"    .../storageAccounts/{a}/fileServices/default/shares         GET ($filter prefix,\n"
	"                                                                $expand=deleted)\n"
	"    .../fileServices/default/shares/{s}                         PUT 201/200, PATCH, GET\n"
	"         ($expand=stats: shareUsageBytes), DELETE 200/204.  Share names: 3-63 of a-z 0-9\n"
	"         and '-' (400 OutOfRangeInput / InvalidResourceName); metadata names must be C#\n"
	"         identifiers (400 InvalidMetadata); a name deleted within the window: 409\n"
	"         ShareBeingDeleted.\n"
	"    .../Microsoft.App/managedEnvironments/{e}                   GET\n"
	"    .../managedEnvironments/{e}/storages[/{n}]                  GET, PUT, DELETE; the\n"
	"         accountKey must be a key of that account and is never returned; a storage used\n"
	"         by a job: 409 ManagedEnvironmentStorageInUse.\n"
	"    .../Microsoft.App/jobs[/{j}]                                GET (list), PUT 201/200\n"
	"         + Azure-AsyncOperation, DELETE 202 + Location (204 if absent).  Job names:\n"
	"         400 ContainerAppInvalidName; location, environmentId, configuration.triggerType,\n"
	"         configuration.replicaTimeout required; volumes and mounts checked.\n"
	"    .../jobs/{j}/start                                           POST: 200 {name, id}\n"
	"         (or 202 + Location with --start-async); optional JobExecutionTemplate body\n"
	"    .../jobs/{j}/stop, .../jobs/{j}/executions[/{x}[/stop]]      executions list, get, stop\n"
	"    .../Microsoft.Network/privateDnsZones/{z}                    GET\n"
	"    .../privateDnsZones/{z}/A|ALL, .../A/{name}                  list; PUT 201/200, PATCH,\n"
	"         GET, DELETE 200/204; If-Match (etag) and If-None-Match: * give 412\n"
	"         PreconditionFailed when they do not hold.\n"
	"    /subscriptions/{s}/providers/Microsoft.App/locations/{l}/containerappsjobOperation\n"
	"         Statuses/{id} and ...OperationResults/{id}: the operation URLs handed out.\n"
	"  Bodies are checked against the azure-specs definitions (types, required members,\n"
	"  enums, ranges): 400 InvalidRequestContent, ContainerAppInvalidPropertyValue,\n"
	"  InvalidRequestPropertyValue, BadRequest, LocationRequired, as the provider answers.\n"
	"\n"
	"ADMIN API (no token needed)\n"
	"  GET    /_azemu/health                  {\"status\":\"ok\"}\n"
	"  GET    /_azemu/state                   the whole state (with keys: tests only)\n"
	"  GET    /_azemu/config                  the behaviour knobs\n"
	"  PATCH  /_azemu/config                  {\"lroPolls\",\"startAsync\",\"executionMs\",\n"
	"         \"shareDeleteWindowMs\",\"tokenLifetimeS\",\"pollRetryAfterS\",\"pageSize\",\n"
	"         \"managedIdentity\",\"federatedToken\",\"clientSecret\"}: any subset\n"
	"  POST   /_azemu/faults                  add a fault rule, answers {\"id\":N}:\n"
	"         {\"method\":\"PUT\"|\"*\", \"path\":\"<POSIX ERE on the path>\", \"status\":429,\n"
	"          \"count\":N (default: forever), \"retryAfter\":\"2\" or an HTTP date,\n"
	"          \"retryAfterMs\":N, \"code\":\"TooManyRequests\", \"message\":\"...\",\n"
	"          \"delayMs\":N, \"drop\":true (close without answer), \"after\":true (carry\n"
	"          the request out, then answer the status)}\n"
	"  GET    /_azemu/faults                  the rules with remaining counts and hits\n"
	"  DELETE /_azemu/faults                  remove every rule\n"
	"  POST   /_azemu/tokens/expire           every issued token expires now\n"
	"  POST   /_azemu/operations/complete     every pending operation completes now\n"
	"  POST   /_azemu/shares/purge            forget deleted shares (no ShareBeingDeleted)\n"
	"  PUT    /_azemu/subscriptions/{s}       create a subscription\n"
	"  PUT    /_azemu/subscriptions/{s}/resourceGroups/{rg}        {\"location\"}\n"
	"  PUT    .../resourceGroups/{rg}/storageAccounts/{a}          {\"location\",\"key\"}\n"
	"  PUT    .../resourceGroups/{rg}/managedEnvironments/{e}      {\"location\"}\n"
	"  PUT    .../resourceGroups/{rg}/privateDnsZones/{z}\n"
	"  PUT    .../resourceGroups/{rg}/jobs/{j}/executions/{x}      start an execution named x\n"
	"  POST   .../jobs/{j}/executions/{x}/finish                   {\"status\":\"Succeeded\"}\n"
	"\n"
	"REQUEST LOG\n"
	"  One JSON object per line: time, kind (arm, token, identity, admin, fault, dropped),\n"
	"  method, path, query, status, fault (rule id), body.  Secrets in bodies (accountKey,\n"
	"  client_secret, client_assertion, access_token, values of secrets and keys) are\n"
	"  \"[redacted]\"; headers (and so tokens) are never logged.\n";

enum {
	OPT_LISTEN = 256, OPT_PORT_FILE, OPT_DATA_DIR, OPT_STATE_FILE, OPT_LOG_FILE, OPT_SUB, OPT_RG,
	OPT_LOCATION, OPT_ACCOUNT, OPT_KEY, OPT_ENV, OPT_ZONE, OPT_TENANT, OPT_CLIENT_ID,
	OPT_CLIENT_SECRET, OPT_FEDERATED, OPT_MI, OPT_IDENTITY_HEADER, OPT_TOKEN_LIFETIME,
	OPT_LRO_POLLS, OPT_POLL_RA, OPT_START_ASYNC, OPT_EXEC_MS, OPT_SHARE_WINDOW, OPT_PAGE_SIZE,
	OPT_HELP
};

static const struct option options[] = {
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "port-file", required_argument, NULL, OPT_PORT_FILE },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "state-file", required_argument, NULL, OPT_STATE_FILE },
	{ "log-file", required_argument, NULL, OPT_LOG_FILE },
	{ "subscription", required_argument, NULL, OPT_SUB },
	{ "resource-group", required_argument, NULL, OPT_RG },
	{ "location", required_argument, NULL, OPT_LOCATION },
	{ "storage-account", required_argument, NULL, OPT_ACCOUNT },
	{ "storage-key", required_argument, NULL, OPT_KEY },
	{ "environment", required_argument, NULL, OPT_ENV },
	{ "dns-zone", required_argument, NULL, OPT_ZONE },
	{ "tenant-id", required_argument, NULL, OPT_TENANT },
	{ "client-id", required_argument, NULL, OPT_CLIENT_ID },
	{ "client-secret", required_argument, NULL, OPT_CLIENT_SECRET },
	{ "federated-token", required_argument, NULL, OPT_FEDERATED },
	{ "managed-identity", no_argument, NULL, OPT_MI },
	{ "identity-header", required_argument, NULL, OPT_IDENTITY_HEADER },
	{ "token-lifetime", required_argument, NULL, OPT_TOKEN_LIFETIME },
	{ "lro-polls", required_argument, NULL, OPT_LRO_POLLS },
	{ "poll-retry-after", required_argument, NULL, OPT_POLL_RA },
	{ "start-async", no_argument, NULL, OPT_START_ASYNC },
	{ "execution-ms", required_argument, NULL, OPT_EXEC_MS },
	{ "share-delete-window-ms", required_argument, NULL, OPT_SHARE_WINDOW },
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct setup {
	const char *listen;
	const char *port_file;
	const char *log_file;
	const char *sub, *rg, *location, *account, *key, *env, *zone;
};

static int parse_num(const char *flag, const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		fprintf(stderr, "azemu: --%s needs a number from %lld to %lld, not \"%s\"\n", flag, min,
		        max, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Bind a listening socket on a loopback address; -1 with a message. */
static int listen_on(const char *spec)
{
	char host[128];
	const char *colon = strrchr(spec, ':');
	struct sockaddr_storage ss;
	socklen_t len;
	long long port;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host) ||
	    parse_num("listen", colon + 1, 0, 65535, &port) != 0) {
		fprintf(stderr, "azemu: --listen needs HOST:PORT, not \"%s\"\n", spec);
		return -1;
	}
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (host[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
		size_t n = strlen(host);

		if (n < 3 || host[n - 1] != ']') {
			fprintf(stderr, "azemu: bad IPv6 address in --listen %s\n", spec);
			return -1;
		}
		host[n - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1 ||
		    !IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr)) {
			fprintf(stderr, "azemu: --listen must be a loopback address, not %s\n", spec);
			return -1;
		}
		len = sizeof(*a6);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1 || (ntohl(a4->sin_addr.s_addr) >> 24) != 127) {
			fprintf(stderr, "azemu: --listen must be a loopback address, not %s\n", spec);
			return -1;
		}
		len = sizeof(*a4);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 128) != 0) {
		fprintf(stderr, "azemu: cannot listen on %s: %s\n", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static int write_port_file(const char *path, int port)
{
	char tmp[PATH_MAX];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (f == NULL || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "azemu: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct azemu_config *cfg, struct setup *su)
{
	int c;
	long long v;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN: su->listen = optarg; break;
		case OPT_PORT_FILE: su->port_file = optarg; break;
		case OPT_DATA_DIR: cfg->data_dir = azemu_strdup(optarg); break;
		case OPT_STATE_FILE: cfg->state_file = azemu_strdup(optarg); break;
		case OPT_LOG_FILE: su->log_file = optarg; break;
		case OPT_SUB: su->sub = optarg; break;
		case OPT_RG: su->rg = optarg; break;
		case OPT_LOCATION: su->location = optarg; break;
		case OPT_ACCOUNT: su->account = optarg; break;
		case OPT_KEY: su->key = optarg; break;
		case OPT_ENV: su->env = optarg; break;
		case OPT_ZONE: su->zone = optarg; break;
		case OPT_TENANT: cfg->tenant_id = azemu_strdup(optarg); break;
		case OPT_CLIENT_ID: cfg->client_id = azemu_strdup(optarg); break;
		case OPT_CLIENT_SECRET: cfg->client_secret = azemu_strdup(optarg); break;
		case OPT_FEDERATED: cfg->federated_token = azemu_strdup(optarg); break;
		case OPT_MI: cfg->managed_identity = 1; break;
		case OPT_IDENTITY_HEADER: cfg->identity_header = azemu_strdup(optarg); break;
		case OPT_START_ASYNC: cfg->start_async = 1; break;
		case OPT_TOKEN_LIFETIME:
			if (parse_num("token-lifetime", optarg, 1, 86400 * 365, &v) != 0)
				return -1;
			cfg->token_lifetime_s = v;
			break;
		case OPT_LRO_POLLS:
			if (parse_num("lro-polls", optarg, 0, 1000, &v) != 0)
				return -1;
			cfg->lro_polls = (int)v;
			break;
		case OPT_POLL_RA:
			if (parse_num("poll-retry-after", optarg, 0, 3600, &v) != 0)
				return -1;
			cfg->poll_retry_after_s = (int)v;
			break;
		case OPT_EXEC_MS:
			if (parse_num("execution-ms", optarg, -1, 86400000LL * 7, &v) != 0)
				return -1;
			cfg->execution_ms = v;
			break;
		case OPT_SHARE_WINDOW:
			if (parse_num("share-delete-window-ms", optarg, 0, 86400000LL * 7, &v) != 0)
				return -1;
			cfg->share_delete_window_ms = v;
			break;
		case OPT_PAGE_SIZE:
			if (parse_num("page-size", optarg, 1, 100000, &v) != 0)
				return -1;
			cfg->page_size = (int)v;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(0);
		default:
			fputs("Try 'azemu --help'.\n", stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "azemu: unexpected argument \"%s\"; try 'azemu --help'\n", argv[optind]);
		return -1;
	}
	if (cfg->data_dir == NULL) {
		fputs("azemu: --data-dir is required (file shares are directories under it)\n", stderr);
		return -1;
	}
	if (cfg->client_secret == NULL && getenv("AZEMU_CLIENT_SECRET") != NULL)
		cfg->client_secret = azemu_strdup(getenv("AZEMU_CLIENT_SECRET"));
	if ((su->rg != NULL && su->sub == NULL) ||
	    ((su->account != NULL || su->env != NULL || su->zone != NULL) && su->rg == NULL)) {
		fputs("azemu: resources need --subscription and --resource-group\n", stderr);
		return -1;
	}
	return 0;
}

static void free_config(struct azemu_config *cfg)
{
	char **strings[] = { &cfg->tenant_id, &cfg->client_id, &cfg->client_secret,
		             &cfg->federated_token, &cfg->identity_header, &cfg->data_dir,
		             &cfg->state_file };

	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		free(*strings[i]);
		*strings[i] = NULL;
	}
}

int main(int argc, char **argv)
{
	struct azemu emu;
	struct setup su = { "127.0.0.1:0", NULL, NULL, NULL, NULL, "westeurope", NULL, NULL, NULL, NULL };
	struct azemu_server *server;
	sigset_t set;
	char err[512];
	int fd, port, sig;

	memset(&emu, 0, sizeof(emu));
	pthread_mutex_init(&emu.lock, NULL);
	emu.cfg.lro_polls = 1;
	emu.cfg.execution_ms = 2000;
	emu.cfg.share_delete_window_ms = 30000;
	emu.cfg.token_lifetime_s = 3599;
	emu.cfg.page_size = 100;
	if (parse_args(argc, argv, &emu.cfg, &su) != 0)
		return 2;
	if (azemu_mkdirs(emu.cfg.data_dir) != 0) {
		fprintf(stderr, "azemu: cannot create %s: %s\n", emu.cfg.data_dir, strerror(errno));
		return 1;
	}
	emu.state = azemu_state_new();
	if (azemu_state_load(&emu, err, sizeof(err)) != 0) {
		fprintf(stderr, "azemu: %s\n", err);
		return 1;
	}
	azemu_admin_bootstrap(&emu, su.sub, su.rg, su.location, su.account, su.key, su.env, su.zone);
	if (azemu_state_save(&emu) != 0)
		return 1;
	emu.faults = azemu_faults_new();
	emu.reqlog = azemu_reqlog_open(su.log_file);
	if (emu.reqlog == NULL) {
		fprintf(stderr, "azemu: cannot open %s: %s\n", su.log_file, strerror(errno));
		return 1;
	}
	emu.runner = &azemu_timer_runner;

	/* Threads inherit this mask: only sigwait below sees the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	fd = listen_on(su.listen);
	if (fd < 0)
		return 1;
	port = bound_port(fd);
	server = azemu_server_start(&emu, fd, err, sizeof(err));
	if (server == NULL) {
		fprintf(stderr, "azemu: %s\n", err);
		return 1;
	}
	if (su.port_file != NULL && write_port_file(su.port_file, port) != 0) {
		azemu_server_stop(server);
		return 1;
	}
	printf("azemu listening on port %d\n", port);
	fflush(stdout);
	while (sigwait(&set, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
		;
	azemu_server_stop(server);
	pthread_mutex_lock(&emu.lock);
	emu.dirty = 1;
	azemu_state_save(&emu);
	pthread_mutex_unlock(&emu.lock);
	azemu_reqlog_close(emu.reqlog);
	azemu_faults_free(emu.faults);
	json_object_put(emu.state);
	free_config(&emu.cfg);
	pthread_mutex_destroy(&emu.lock);
	return 0;
}
