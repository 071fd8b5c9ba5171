/* county.c — taking a device's bundle at the county (county.h). The order
 * of checks: sizes, recipient, envelope, sender enrolled, signature (all
 * in sync_bundle_open), sender not revoked; only a bundle that passed
 * these can be kept aside. Then idempotency, epoch and chain position;
 * then the payload decrypted whole; then its events, each checked, in one
 * transaction. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/role.h"
#include "core/workflow.h"
#include "sync/county/county.h"
#include "sync/county/limits.h"

/* ---- who may send what ------------------------------------------------------ */

/* The sender's signing key, for an enrolled device, revoked or not: a
 * revoked device is refused once its signature has verified (revoked
 * set), so that nobody learns from the county which devices it revoked
 * without the device's key. */
typedef struct {
	ds_store *s;
	bool revoked;
} signer;

static ds_status lookup(void *ctx, const unsigned char sender[SYNC_DEVICE_BYTES],
                        unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	signer *g = ctx;
	store_cdev d;
	bool found;
	ds_status st;
	if ((st = store_cdev_get(g->s, sender, &d, &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EPERM, "bundle",
		               N_("the sending device is not enrolled at this county"));
	g->revoked = d.revoked_ms != 0;
	memcpy(pk, d.sign_pk, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

static ds_status revoked(ds_error *err)
{
	return ds_fail(err, DS_EPERM, "bundle",
	               N_("the sending device was revoked; its bundles are refused"));
}

/* Decisions need the role that may make them: a device enrolled for an
 * assistant cannot carry an approval, whoever is named in it. */
static const struct {
	const char *kind;
	core_action action;
} decisions[] = {
	{"case.approved", CORE_ACTION_APPROVE},
	{"case.returned", CORE_ACTION_RETURN},
	{"case.refused", CORE_ACTION_REFUSE},
	{"case.suspended", CORE_ACTION_SUSPEND},
	{"case.resumed", CORE_ACTION_RESUME},
	{"appeal.assigned", CORE_ACTION_APPEAL_ASSIGN},
	{"appeal.decided", CORE_ACTION_APPEAL_DECIDE},
};

/* Asked of each event new to the county, its body read and its hash
 * right, before it is written: a device sends only what its user's role
 * may decide, and new households only in its area. */
static ds_status allowed(void *ctx, const store_event_info *ev, json_t *body,
                         size_t index, ds_error *err)
{
	const store_cdev *d = ctx;
	int role = core_role_lookup(d->role);
	char where[32];
	snprintf(where, sizeof(where), "record %zu", index + 1);
	/* a laptop works in its area: a household elsewhere is not its */
	if (!strcmp(ev->kind, "household.created")) {
		const char *region = json_string_value(
		        json_object_get(json_object_get(body, "household"), "region"));
		if (!region)
			return ds_fail(err, DS_EDAMAGED, where,
			               N_("a new household without a region"));
		if (strncmp(region, d->area, strlen(d->area)))
			return ds_fail(err, DS_EPERM, where,
			               N_("a household in region %s is outside this laptop's area %s"),
			               region, d->area);
	}
	for (size_t k = 0; k < sizeof(decisions) / sizeof(decisions[0]); k++)
		if (!strcmp(ev->kind, decisions[k].kind) &&
		    (role < 0 || !(core_action_roles(decisions[k].action) & (1u << role))))
			return ds_fail(err, DS_EPERM, where,
			               N_("a device enrolled for a %s cannot send %s"),
			               d->role, ev->kind);
	return DS_OK;
}

/* ---- keeping aside ------------------------------------------------------------- */

const char *county_aside_over(const store_aside_usage *u, uint64_t len)
{
	if (u->present)
		return NULL; /* the same bytes again take no more room */
	if (u->device_count + 1 > COUNTY_ASIDE_DEVICE_COUNT ||
	    (uint64_t)u->device_bytes + len > COUNTY_ASIDE_DEVICE_BYTES)
		return N_("not kept: the county keeps no more bundles aside for this device");
	if (u->total_count + 1 > COUNTY_ASIDE_TOTAL_COUNT ||
	    (uint64_t)u->total_bytes + len > COUNTY_ASIDE_TOTAL_BYTES)
		return N_("not kept: the county keeps no more bundles aside");
	return NULL;
}

/* Keeps an opened (so authenticated) bundle aside with its reason, within
 * the caps (limits.h). False when it was not kept; *over then says why
 * (untranslated), or is NULL when the store failed. */
static bool aside(ds_store *s, const sync_opened *o, const unsigned char *bytes,
                  size_t len, bool held, const ds_error *why, const char **over)
{
	store_aside a;
	store_aside_usage u;
	ds_error e2;
	*over = NULL;
	memset(&a, 0, sizeof(a));
	memcpy(a.hash, o->hash, SYNC_HASH_BYTES);
	memcpy(a.sender, o->env.sender, SYNC_DEVICE_BYTES);
	a.epoch = (int64_t)o->env.epoch;
	a.number = (int64_t)o->env.number;
	a.held = held;
	ds_error_format(why, a.reason, sizeof(a.reason), NULL);
	if (store_begin(s, &e2))
		return false;
	if (store_aside_usage_of(s, a.sender, a.hash, &u, &e2) ||
	    (*over = county_aside_over(&u, len)) ||
	    store_aside_put(s, &a, bytes, len, &e2) || store_commit(s, &e2)) {
		store_rollback(s);
		return false;
	}
	return true;
}

/* A bundle kept aside before (a fault since mended) and now taken: it is
 * no longer aside. Most bundles never were, so look first. */
static void drop_aside(ds_store *s, const unsigned char hash[SYNC_HASH_BYTES])
{
	store_aside *list = NULL;
	size_t n = 0;
	bool there = false;
	ds_error e2;
	if (store_aside_list(s, &list, &n, &e2))
		return;
	for (size_t i = 0; i < n; i++)
		there = there || !memcmp(list[i].hash, hash, SYNC_HASH_BYTES);
	free(list);
	if (!there || store_begin(s, &e2))
		return;
	if (store_aside_drop(s, hash, &e2) || store_commit(s, &e2))
		store_rollback(s);
}

/* ---- taking a bundle --------------------------------------------------------------- */

static ds_status take_one(ds_store *s, const unsigned char *bytes, size_t len,
                          sync_receipt *r, bool *have_receipt, bool *kept,
                          int64_t *next_number, ds_error *err)
{
	store_device_pub me;
	store_secret *box_sk = NULL;
	sync_opened o;
	store_incoming have, in;
	store_replica_stats stats;
	store_cdev dev;
	sync_payload_reader rd;
	signer g = {s, false};
	bool found;
	const char *over = NULL;
	int64_t max_epoch;
	ds_status st;

	memset(&o, 0, sizeof(o));
	memset(r, 0, sizeof(*r));
	*have_receipt = false;
	*kept = false;
	*next_number = 0;
	if ((st = store_device(s, &me, &box_sk, NULL, err)))
		return st;
	st = sync_bundle_open(&o, bytes, len, me.box_pk, box_sk->p, lookup, &g, err);
	store_secret_free(&box_sk);
	/* nothing that failed so far is kept: its sender is not known */
	if (st)
		goto out;
	if (g.revoked) {
		st = revoked(err);
		goto out;
	}
	memcpy(r->device, o.env.sender, SYNC_DEVICE_BYTES);
	r->epoch = (int64_t)o.env.epoch;
	r->number = (int64_t)o.env.number;
	memcpy(r->hash, o.hash, SYNC_HASH_BYTES);
	*have_receipt = true;
	if (o.env.kind != SYNC_UP) {
		st = ds_fail(err, DS_EINPUT, "bundle",
		             N_("this is a bundle from the county, not to it"));
		goto refuse;
	}
	if ((st = store_cdev_get(s, o.env.sender, &dev, &found, err)))
		goto out;
	/* idempotency: the same bundle again is acknowledged again */
	if ((st = store_inbox_get(s, o.env.sender, (int64_t)o.env.epoch,
	                          (int64_t)o.env.number, &have, &found, err)))
		goto out;
	if (found && !memcmp(have.hash, o.hash, SYNC_HASH_BYTES)) {
		r->outcome = SYNC_ALREADY;
		drop_aside(s, o.hash);
		goto out;
	}
	{
		bool fe;
		if ((st = store_inbox_max_epoch(s, o.env.sender, &max_epoch, &fe, err)))
			goto out;
		if (fe && (int64_t)o.env.epoch < max_epoch) {
			st = ds_fail(err, DS_ESTALE, "bundle",
			             N_("the bundle is from an earlier epoch of the device than one already received: a replay"));
			goto refuse;
		}
	}
	if (found) {
		st = ds_fail(err, DS_ESTALE, "bundle",
		             N_("a different bundle was already received under this number"));
		goto refuse;
	}
	/* its place in the device's sequence */
	if ((st = store_inbox_last(s, o.env.sender, (int64_t)o.env.epoch, &have,
	                           &found, err)))
		goto out;
	{
		int64_t want = found ? have.number + 1 : 1;
		char n[24];
		snprintf(n, sizeof(n), "%lld", (long long)want);
		if ((int64_t)o.env.number > want) {
			ds_error why;
			ds_fail(&why, DS_EGAP, "bundle",
			        N_("held until bundle %s of this device arrives"), n);
			r->outcome = SYNC_HELD;
			*kept = aside(s, &o, bytes, len, true, &why, &over);
			/* not kept: the laptop sends it again after bundle n */
			snprintf(r->reason, sizeof(r->reason), "waiting for bundle %s%s%s", n,
			         *kept ? "" : "; ",
			         *kept ? "" : over ? over : "not kept: the county could not store it");
			goto out;
		}
		if ((int64_t)o.env.number < want ||
		    (found ? memcmp(o.env.prev, have.hash, SYNC_HASH_BYTES)
		           : !sodium_is_zero(o.env.prev, SYNC_HASH_BYTES))) {
			st = ds_fail(err, DS_ESTALE, "bundle",
			             N_("the bundle does not follow the one before it from this device"));
			goto refuse;
		}
	}
	/* all of it decrypted and checked before anything is applied */
	if ((st = sync_bundle_open_payload(&o, bytes, len, err)))
		goto refuse;
	if ((st = store_begin(s, err)))
		goto out;
	memset(&in, 0, sizeof(in));
	in.number = (int64_t)o.env.number;
	in.first = (int64_t)o.env.first;
	in.last = (int64_t)o.env.last;
	memcpy(in.hash, o.hash, SYNC_HASH_BYTES);
	/* the records read one at a time, each taken and let go before the
	 * next: a bad one anywhere refuses the whole bundle; one kept aside
	 * before (a fault since mended) is no longer, in the same transaction */
	sync_payload_reader_init(&rd, o.payload, o.plen);
	if ((st = store_replica_take_each(s, sync_payload_next, &rd, true, allowed,
	                                  &dev, &stats, err)) ||
	    (st = store_inbox_add(s, o.env.sender, (int64_t)o.env.epoch, &in, err)) ||
	    (st = store_aside_drop(s, o.hash, err)) ||
	    (st = store_commit(s, err))) {
		store_rollback(s);
		if (st != DS_ESYSTEM)
			goto refuse;
		goto out;
	}
	r->outcome = SYNC_APPLIED;
	r->events = stats.added;
	*next_number = (int64_t)o.env.number + 1;
	goto out;
refuse:
	/* authenticated, so kept aside with its reason (within the caps);
	 * nothing else changes */
	if (st != DS_ESYSTEM) {
		*kept = aside(s, &o, bytes, len, false, err, &over);
		r->outcome = SYNC_REFUSED;
		ds_error_format(err, r->reason, sizeof(r->reason), NULL);
		if (!*kept) {
			size_t l = strlen(r->reason);
			snprintf(r->reason + l, sizeof(r->reason) - l, "; %s",
			         over ? over : "not kept: the county could not store it");
		}
	}
out:
	sync_opened_free(&o);
	return st;
}

ds_status county_take(ds_store *s, const unsigned char *bytes, size_t len,
                      sync_receipt *r, bool *have_receipt, bool *kept,
                      ds_error *err)
{
	int64_t next;
	bool k;
	ds_status st = take_one(s, bytes, len, r, have_receipt, kept ? kept : &k,
	                        &next, err);
	/* bundles that waited for this one go in now, in order */
	while (!st && next) {
		unsigned char *held = NULL;
		size_t hlen = 0;
		bool found, hr;
		sync_receipt hrec;
		ds_error herr;
		unsigned char hash[SYNC_HASH_BYTES];
		if (store_aside_held(s, r->device, r->epoch, next, &held, &hlen, &found,
		                     err) || !found)
			break;
		crypto_generichash(hash, sizeof(hash), held, hlen, NULL, 0);
		if (!store_begin(s, &herr)) {
			if (store_aside_drop(s, hash, &herr) || store_commit(s, &herr))
				store_rollback(s);
		}
		if (take_one(s, held, hlen, &hrec, &hr, &k, &next, &herr))
			next = 0;
		free(held);
	}
	return st;
}

ds_status county_head(ds_store *s, const unsigned char *head, size_t len,
                      uint64_t total, unsigned char sender[SYNC_DEVICE_BYTES],
                      uint64_t *length, ds_error *err)
{
	store_device_pub me;
	store_secret *box_sk = NULL;
	sync_envelope env;
	signer g = {s, false};
	ds_status st;
	*length = 0;
	if ((st = store_device(s, &me, &box_sk, NULL, err)))
		return st;
	st = sync_bundle_open_head(&env, length, head, len, total, me.box_pk,
	                           box_sk->p, lookup, &g, err);
	store_secret_free(&box_sk);
	if (!st && g.revoked)
		st = revoked(err);
	if (!st)
		memcpy(sender, env.sender, SYNC_DEVICE_BYTES);
	return st;
}

ds_status county_down_allowed(ds_store *s, const sync_downreq *q, ds_error *err)
{
	store_cdev d;
	bool found;
	ds_status st;
	ds_error why;
	if ((st = store_cdev_get(s, q->device, &d, &found, err)))
		return st;
	/* unknown, revoked and forged are one answer: the asker learns
	 * nothing of who is enrolled or revoked */
	if (!found || d.revoked_ms || sync_downreq_verify(q, d.sign_pk, &why))
		return ds_fail(err, DS_EPERM, "request", N_("not permitted"));
	return DS_OK;
}

/* ---- downlink ---------------------------------------------------------------------- */

typedef struct {
	const unsigned char *device;          /* the device it is for */
	const unsigned char *county;          /* the county's own device id */
	char (*mine)[STORE_ID_BUF];           /* households it has events about */
	size_t n_mine;
	char (*area)[STORE_ID_BUF];           /* for a supervisor: submitted in its area */
	size_t n_area;
	char (*moved)[STORE_ID_BUF];          /* moved to its user since its last bundle */
	size_t n_moved;
	int64_t before;                       /* ...whose history up to here it lacks */
} entitled;

static int by_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool in(char (*list)[STORE_ID_BUF], size_t n, const char *id)
{
	return n && bsearch(id, list, n, STORE_ID_BUF, by_id);
}

static bool want(void *ctx, const store_event_info *ev)
{
	entitled *e = ctx;
	if (!memcmp(ev->device, e->device, SYNC_DEVICE_BYTES))
		return false; /* it has its own */
	/* the keys that sign what it gets */
	if (!strcmp(ev->kind, "user.added") || !strcmp(ev->kind, "user.key_replaced"))
		return true;
	/* policy from the county */
	if (!strcmp(ev->kind, "policy.imported"))
		return !memcmp(ev->device, e->county, SYNC_DEVICE_BYTES);
	return in(e->mine, e->n_mine, ev->entity) || in(e->area, e->n_area, ev->entity);
}

/* The history of households moved to the device's user since its last
 * bundle: every event on them it did not get then, so it can work on
 * them (the households themselves, their visits and cases). */
static bool want_history(void *ctx, const store_event_info *ev)
{
	entitled *e = ctx;
	return memcmp(ev->device, e->device, SYNC_DEVICE_BYTES) &&
	       ev->seq <= e->before && in(e->moved, e->n_moved, ev->entity);
}

/* Adds list (n of them) to *ids (*n_ids); frees list. The caller sorts
 * once it has added all. */
static ds_status add_ids(char (**ids)[STORE_ID_BUF], size_t *n_ids,
                         char (*list)[STORE_ID_BUF], size_t n, ds_error *err)
{
	char (*nl)[STORE_ID_BUF];
	if (!n) {
		free(list);
		return DS_OK;
	}
	if (!(nl = realloc(*ids, (*n_ids + n) * sizeof(*nl)))) {
		free(list);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	*ids = nl;
	memcpy(*ids + *n_ids, list, n * sizeof(*list));
	*n_ids += n;
	free(list);
	return DS_OK;
}

/* Households with a case submitted or an appeal filed by a device of the
 * area: what a supervisor's desk sees. */
static ds_status area_cases(ds_store *s, const store_cdev *d, entitled *e,
                            ds_error *err)
{
	store_cdev *devs = NULL;
	size_t nd = 0;
	ds_status st;
	if ((st = store_cdev_list(s, &devs, &nd, err)))
		return st;
	for (size_t i = 0; !st && i < nd; i++) {
		static const char *const kinds[] = {"case.submitted", "appeal.filed"};
		if (strcmp(devs[i].area, d->area))
			continue;
		for (size_t k = 0; !st && k < 2; k++) {
			char (*l)[STORE_ID_BUF] = NULL;
			size_t n = 0;
			if (!(st = store_entities(s, devs[i].device, kinds[k], &l, &n, err)))
				st = add_ids(&e->area, &e->n_area, l, n, err);
		}
	}
	free(devs);
	if (!st && e->n_area)
		qsort(e->area, e->n_area, STORE_ID_BUF, by_id);
	return st;
}

ds_status county_down(ds_store *s, const unsigned char *device, int64_t number,
                      unsigned char **bytes, size_t *len, ds_error *err)
{
	store_cdev d;
	store_down last, made;
	store_device_pub me;
	store_secret *sign_sk = NULL;
	entitled e;
	sync_envelope env;
	json_t *records = NULL;
	unsigned char *payload = NULL;
	size_t plen = 0;
	int64_t upto = 0;
	bool found;
	ds_status st;

	*bytes = NULL;
	*len = 0;
	memset(&e, 0, sizeof(e));
	if ((st = store_cdev_get(s, device, &d, &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EPERM, "device",
		               N_("the device is not enrolled at this county"));
	if (d.revoked_ms)
		return ds_fail(err, DS_EPERM, "device",
		               N_("the device (%s's) was revoked"), d.user);
	if ((st = store_down_last(s, device, &last, &found, err)))
		return st;
	if (found && number <= last.number) {
		if ((st = store_down_get(s, device, number, bytes, len, &found, err)))
			return st;
		return found ? DS_OK
		             : ds_fail(err, DS_EINPUT, "number", N_("no such bundle"));
	}
	if (number != (found ? last.number + 1 : 1)) {
		char n[24];
		snprintf(n, sizeof(n), "%lld", (long long)(found ? last.number + 1 : 1));
		return ds_fail(err, DS_EINPUT, "number",
		               N_("the next bundle for this device is number %s"), n);
	}
	if ((st = store_device(s, &me, NULL, &sign_sk, err)))
		return st;
	e.device = device;
	e.county = me.device;
	if ((st = store_entities(s, device, NULL, &e.mine, &e.n_mine, err)))
		goto out;
	/* households the county moved to its user are its too */
	{
		char (*l)[STORE_ID_BUF] = NULL;
		size_t n = 0;
		if ((st = store_assigned(s, d.user, 0, &l, &n, err)) ||
		    (st = add_ids(&e.mine, &e.n_mine, l, n, err)))
			goto out;
		if (e.n_mine)
			qsort(e.mine, e.n_mine, STORE_ID_BUF, by_id);
	}
	if (found && (st = store_assigned(s, d.user, last.last_seq, &e.moved,
	                                  &e.n_moved, err)))
		goto out;
	e.before = found ? last.last_seq : 0;
	if ((!strcmp(d.role, "supervisor") || !strcmp(d.role, "reviewer")) &&
	    (st = area_cases(s, &d, &e, err)))
		goto out;
	if ((st = store_replica_since(s, found ? last.last_seq : 0, want, &e, 5000,
	                              &records, &upto, err)))
		goto out;
	if (e.n_moved) {
		json_t *hist = NULL;
		int64_t hl;
		if ((st = store_replica_since(s, 0, want_history, &e, 0, &hist, &hl, err)))
			goto out;
		/* the history first, so a household arrives before its visits */
		if (json_array_extend(hist, records)) {
			json_decref(hist);
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		json_decref(records);
		records = hist;
	}
	if (!json_array_size(records))
		goto out; /* nothing new */
	memset(&env, 0, sizeof(env));
	env.kind = SYNC_DOWN;
	memcpy(env.sender, me.device, SYNC_DEVICE_BYTES);
	env.epoch = (uint64_t)me.epoch;
	env.number = (uint64_t)number;
	env.first = (uint64_t)(found ? last.last_seq : 0) + 1;
	env.last = (uint64_t)upto;
	env.count = (uint32_t)json_array_size(records);
	if (found)
		memcpy(env.prev, last.hash, SYNC_HASH_BYTES);
	memset(&made, 0, sizeof(made));
	made.number = number;
	made.last_seq = upto;
	if ((st = sync_payload_encode(records, &payload, &plen, err)) ||
	    (st = sync_bundle_seal(bytes, len, made.hash, &env, payload, plen,
	                           d.box_pk, sign_sk->p)))
		goto out;
	if ((st = store_begin(s, err)))
		goto out;
	if ((st = store_down_add(s, device, &made, *bytes, *len, err)) ||
	    (st = store_commit(s, err)))
		store_rollback(s);
out:
	if (st) {
		free(*bytes);
		*bytes = NULL;
		*len = 0;
	}
	if (payload) {
		store_wipe(payload, plen);
		free(payload);
	}
	json_decref(records);
	free(e.mine);
	free(e.area);
	free(e.moved);
	store_secret_free(&sign_sk);
	return st;
}

ds_status county_receipt_text(ds_store *s, const sync_receipt *r, char **text,
                              size_t *len, ds_error *err)
{
	store_device_pub me;
	store_secret *sign_sk = NULL;
	ds_status st = store_device(s, &me, NULL, &sign_sk, err);
	if (st)
		return st;
	st = sync_receipt_make(r, sign_sk->p, text, len, err);
	store_secret_free(&sign_sk);
	return st;
}
