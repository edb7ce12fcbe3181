/* Random container names: an adjective and the surname of a scientist or
 * engineer, joined by "_", like Docker's.  Kept short: uniqueness comes
 * from the caller's retry with a digit, then the short id. */
#include "config.h"

#include "plugins/aca/container_names.h"

static const char *const adjectives[] = {
	"admiring", "agitated", "amazing", "angry", "awesome", "blissful", "bold", "brave",
	"busy", "charming", "clever", "compassionate", "competent", "confident", "cool",
	"dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic",
	"elegant", "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant",
	"focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious",
	"great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible",
	"inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind",
	"laughing", "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty",
	"nervous", "nice", "nifty", "nostalgic", "objective", "optimistic", "peaceful",
	"pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "recursing",
	"relaxed", "reverent", "romantic", "serene", "sharp", "silly", "sleepy", "stoic",
	"strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting",
	"unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
	"xenodochial", "youthful", "zealous", "zen",
};

static const char *const surnames[] = {
	"agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata",
	"babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "blackwell",
	"bohr", "booth", "borg", "bose", "boyd", "brahmagupta", "brattain", "brown", "carson",
	"cerf", "chandrasekhar", "clarke", "colden", "cori", "cray", "curie", "darwin", "davinci",
	"dijkstra", "dubinsky", "easley", "edison", "einstein", "elion", "engelbart", "euclid",
	"euler", "faraday", "fermat", "fermi", "feynman", "franklin", "galileo", "gates", "gauss",
	"goldberg", "goodall", "gould", "hamilton", "hawking", "heisenberg", "hermann", "hodgkin",
	"hopper", "hypatia", "jang", "jennings", "johnson", "joliot", "kalam", "keller", "kepler",
	"khorana", "kilby", "knuth", "lalande", "lamarr", "lamport", "leakey", "lederberg",
	"lehmann", "lovelace", "lumiere", "mahavira", "mayer", "mccarthy", "mcclintock",
	"meitner", "mendel", "mirzakhani", "morse", "napier", "newton", "nobel", "noether",
	"pascal", "pasteur", "payne", "perlman", "pike", "poincare", "ramanujan", "ritchie",
	"rosalind", "saha", "sammet", "shannon", "shockley", "sinoussi", "stonebraker",
	"swanson", "tesla", "thompson", "torvalds", "turing", "varahamihira", "villani",
	"volhard", "wescoff", "wiles", "williams", "wilson", "wing", "wozniak", "wright", "yalow",
	"yonath",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int aca_random_name(struct aca_req *r, int retry, char **out)
{
	unsigned char rnd[3];
	const char *adj;
	const char *sur;

	if (r->host->random_bytes(rnd, sizeof(rnd)) != 0)
		return r->host->fail(r->call, SL_ERR_INTERNAL, "aca: no random bytes for a name");
	adj = adjectives[rnd[0] % COUNT(adjectives)];
	sur = surnames[rnd[1] % COUNT(surnames)];
	if (retry > 0)
		*out = r->host->sprintf(r->call, "%s_%s%u", adj, sur, (unsigned)(rnd[2] % 10));
	else
		*out = r->host->sprintf(r->call, "%s_%s", adj, sur);
	return SL_OK;
}
