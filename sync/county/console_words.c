/* console_words.c — the console's words for the domain's codes
 * (console_words.h). */
#include "sync/county/console_words.h"

const char *console_status_words(const console_req *q, core_state s)
{
	static const char *const words[] = {
		[CORE_STATE_APPLYING] = N_("applying"),
		[CORE_STATE_INVESTIGATING] = N_("investigating"),
		[CORE_STATE_SUBMITTED] = N_("submitted"),
		[CORE_STATE_RETURNED] = N_("returned"),
		[CORE_STATE_NOTICE] = N_("public notice"),
		[CORE_STATE_RECEIVING] = N_("receiving"),
		[CORE_STATE_IN_TRANSITION] = N_("in transition"),
		[CORE_STATE_REFUSED] = N_("refused"),
		[CORE_STATE_EXITED] = N_("exited"),
		[CORE_STATE_SUSPENDED] = N_("suspended"),
	};
	return (unsigned)s < CORE_STATE_COUNT && words[s] ? _(words[s]) : "?";
}
