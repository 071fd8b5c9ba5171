/* device.c — the device side of sync: this laptop's events packed into
 * bundles for the county and kept until the county's signed receipt says
 * it has them; receipts and the county's bundles taken in, in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync/downreq.h"
#include "sync/sync.h"

#define DEFAULT_MAX_EVENTS 5000

static ds_status county_of(ds_store *s, store_county_pub *county, ds_error *err)
{
	bool found;
	ds_status st = store_county_get(s, county, NULL, 0, &found, err);
	if (!st && !found)
		st = ds_fail(err, DS_EUSAGE, "county",
		             N_("this laptop is not enrolled with a county yet: doorstep enroll --county-key FILE"));
	return st;
}

void sync_up_name(char *out, size_t len, const unsigned char *device,
                  int64_t epoch, int64_t number)
{
	sync_name_make(out, len, SYNC_NAME_UP, device, epoch, number);
}

ds_status sync_device_pack(ds_store *s, size_t max_events, int *made,
                           ds_error *err)
{
	store_county_pub county;
	store_device_pub me;
	store_secret *sign_sk = NULL;
	ds_status st;
	*made = 0;
	if (!max_events)
		max_events = DEFAULT_MAX_EVENTS;
	if ((st = county_of(s, &county, err)) ||
	    (st = store_device(s, &me, NULL, &sign_sk, err)))
		return st;
	for (;;) {
		store_outgoing o;
		sync_envelope env;
		json_t *records = NULL;
		unsigned char *payload = NULL, *bytes = NULL;
		size_t plen = 0, blen = 0;
		int64_t after, last;
		memset(&o, 0, sizeof(o));
		memset(&env, 0, sizeof(env));
		if ((st = store_outbox_plan(s, &o.number, &after, env.prev, err)) ||
		    (st = store_replica_own(s, after, after + (int64_t)max_events,
		                            &records, &last, err)))
			break;
		if (last <= after) {
			json_decref(records);
			break;
		}
		env.kind = SYNC_UP;
		memcpy(env.sender, me.device, SYNC_DEVICE_BYTES);
		env.epoch = (uint64_t)me.epoch;
		env.number = (uint64_t)o.number;
		env.first = (uint64_t)after + 1;
		env.last = (uint64_t)last;
		env.count = (uint32_t)json_array_size(records);
		st = sync_payload_encode(records, &payload, &plen, err);
		json_decref(records);
		if (!st)
			st = sync_bundle_seal(&bytes, &blen, o.hash, &env, payload, plen,
			                      county.box_pk, sign_sk->p);
		if (payload) {
			store_wipe(payload, plen);
			free(payload);
		}
		if (st) {
			free(bytes);
			break;
		}
		o.epoch = me.epoch;
		o.first = after + 1;
		o.last = last;
		if ((st = store_begin(s, err)) ||
		    (st = store_outbox_add(s, &o, bytes, blen, err)) ||
		    (st = store_commit(s, err))) {
			store_rollback(s);
			free(bytes);
			break;
		}
		free(bytes);
		(*made)++;
	}
	store_secret_free(&sign_sk);
	return st;
}

ds_status sync_device_export(ds_store *s, const char *dir, size_t *written,
                             ds_error *err)
{
	store_outgoing *list = NULL;
	store_device_pub me;
	size_t n = 0;
	ds_status st;
	*written = 0;
	if ((st = store_device(s, &me, NULL, NULL, err)) ||
	    (st = store_outbox_pending(s, &list, &n, err)))
		return st;
	for (size_t i = 0; !st && i < n; i++) {
		unsigned char *bytes = NULL;
		size_t len = 0;
		char name[128], path[4200];
		sync_up_name(name, sizeof(name), me.device, list[i].epoch,
		             list[i].number);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (!(st = store_outbox_bytes(s, list[i].epoch, list[i].number, &bytes,
		                              &len, err)) &&
		    !(st = store_write_file_atomic(path, bytes, len, err)))
			(*written)++;
		free(bytes);
	}
	free(list);
	return st;
}

/* ---- taking what the county sent ------------------------------------------------- */

typedef struct {
	const unsigned char *sign_pk;
} county_signer;

static ds_status county_lookup(void *ctx, const unsigned char sender[SYNC_DEVICE_BYTES],
                               unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	county_signer *c = ctx;
	(void)sender;
	(void)err;
	memcpy(pk, c->sign_pk, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

static ds_status take_receipt(ds_store *s, const store_county_pub *county,
                              const store_device_pub *me,
                              const unsigned char *bytes, size_t len,
                              sync_taken *out, ds_error *err)
{
	ds_status st;
	out->receipt = true;
	if ((st = sync_receipt_check((const char *)bytes, len, county->sign_pk,
	                             &out->r, err)))
		return st;
	if (memcmp(out->r.device, me->device, SYNC_DEVICE_BYTES) != 0)
		return ds_fail(err, DS_EINPUT, "receipt",
		               N_("the receipt is for another laptop"));
	if ((st = store_begin(s, err)))
		return st;
	/* a refused bundle of an earlier epoch can never be taken, nor one
	 * the county refused in its place: it stops being sent and stops
	 * holding back the ones after it */
	if (out->r.outcome == SYNC_REFUSED || out->r.outcome == SYNC_SKIPPED) {
		if ((st = store_outbox_retire(s, out->r.epoch, out->r.number, out->r.hash,
		                              out->r.reason, out->r.outcome == SYNC_SKIPPED,
		                              &out->retired, err)) ||
		    (st = store_commit(s, err)))
			store_rollback(s);
		return st;
	}
	/* only what the county has now lets this laptop let go of a bundle */
	if (out->r.outcome != SYNC_APPLIED && out->r.outcome != SYNC_ALREADY) {
		store_rollback(s);
		return DS_OK;
	}
	if ((st = store_outbox_ack(s, out->r.epoch, out->r.number, out->r.hash,
	                           err)) ||
	    (st = store_commit(s, err)))
		store_rollback(s);
	return st;
}

static ds_status take_down(ds_store *s, const store_county_pub *county,
                           const unsigned char *bytes, size_t len,
                           sync_taken *out, ds_error *err)
{
	store_device_pub me;
	store_secret *box_sk = NULL;
	county_signer cs = {county->sign_pk};
	sync_opened o;
	store_incoming have, in;
	json_t *records = NULL;
	bool found;
	int64_t max_epoch;
	ds_status st;

	memset(&o, 0, sizeof(o));
	if ((st = store_device(s, &me, &box_sk, NULL, err)))
		return st;
	st = sync_bundle_open(&o, bytes, len, me.box_pk, box_sk->p, county_lookup,
	                      &cs, err);
	store_secret_free(&box_sk);
	if (st)
		goto out;
	if (o.env.kind != SYNC_DOWN) {
		st = ds_fail(err, DS_EINPUT, "bundle",
		             N_("this is a laptop's bundle for the county, not the county's for this laptop"));
		goto out;
	}
	/* idempotency, then position in the county's sequence for us */
	if ((st = store_inbox_get(s, o.env.sender, (int64_t)o.env.epoch,
	                          (int64_t)o.env.number, &have, &found, err)))
		goto out;
	if (found) {
		if (memcmp(have.hash, o.hash, SYNC_HASH_BYTES) != 0)
			st = ds_fail(err, DS_ESTALE, "bundle",
			             N_("a different bundle was already received under this number"));
		else
			out->already = true;
		goto out;
	}
	if ((st = store_inbox_max_epoch(s, o.env.sender, &max_epoch, &found, err)))
		goto out;
	if (found && (int64_t)o.env.epoch < max_epoch) {
		st = ds_fail(err, DS_ESTALE, "bundle",
		             N_("the bundle is from an earlier epoch than one already received"));
		goto out;
	}
	if ((st = store_inbox_last(s, o.env.sender, (int64_t)o.env.epoch, &have,
	                           &found, err)))
		goto out;
	if (found ? (int64_t)o.env.number != have.number + 1 ||
	                    memcmp(o.env.prev, have.hash, SYNC_HASH_BYTES) != 0
	          : o.env.number != 1) {
		char n[24];
		snprintf(n, sizeof(n), "%lld", found ? (long long)have.number + 1 : 1LL);
		st = ds_fail(err, DS_EGAP, "bundle",
		             N_("an earlier bundle from the county is missing: number %s comes first"), n);
		goto out;
	}
	if ((st = sync_bundle_open_payload(&o, bytes, len, err)) ||
	    (st = sync_payload_decode(o.payload, o.plen, &records, err)))
		goto out;
	memset(&in, 0, sizeof(in));
	in.number = (int64_t)o.env.number;
	in.first = (int64_t)o.env.first;
	in.last = (int64_t)o.env.last;
	memcpy(in.hash, o.hash, SYNC_HASH_BYTES);
	if ((st = store_begin(s, err)))
		goto out;
	if ((st = store_replica_take(s, records, false, NULL, NULL, &out->stats, err)) ||
	    (st = store_inbox_add(s, o.env.sender, (int64_t)o.env.epoch, &in, err)) ||
	    (st = store_commit(s, err)))
		store_rollback(s);
out:
	json_decref(records);
	sync_opened_free(&o);
	return st;
}

ds_status sync_device_take(ds_store *s, const unsigned char *bytes, size_t len,
                           sync_taken *out, ds_error *err)
{
	store_county_pub county;
	store_device_pub me;
	ds_status st;
	memset(out, 0, sizeof(*out));
	if ((st = county_of(s, &county, err)) ||
	    (st = store_device(s, &me, NULL, NULL, err)))
		return st;
	if (len >= 18 && !memcmp(bytes, "doorstep-receipt-1", 18))
		return take_receipt(s, &county, &me, bytes, len, out, err);
	return take_down(s, &county, bytes, len, out, err);
}

/* The status of a refusal from the HTTP status the county's server gives
 * it (sync/county/http.c: 403 not permitted, 409 out of order, else 422),
 * so push and pull exit as the county's own import does. */
static ds_status refused_status(long code)
{
	/* the county's status, back from its HTTP code (county/http.c) */
	return code == 400 ? DS_EDAMAGED : code == 403 ? DS_EPERM
	       : code == 409 ? DS_ESTALE : DS_EINPUT;
}

/* ---- one connection, bundle k of n ---------------------------------------- */

/* What push and pull send with: the caller's options, over the caller's
 * connection or one opened for all the bundles, with the transfer's
 * progress turned into bundle k of n. */
typedef struct {
	sync_net_opts o;          /* what request() is given */
	const sync_net_opts *up;  /* the caller's */
	sync_net_conn *own;       /* opened here, closed by leg_end */
	sync_meter m;
} leg;

static void leg_xfer(void *ctx, size_t now, size_t size)
{
	leg *l = ctx;
	const sync_progress *p = sync_meter_at(&l->m, now, size);
	if (l->up && l->up->progress)
		l->up->progress(l->up->ctx, now, size);
	if (l->up && l->up->bundle)
		l->up->bundle(l->up->bundle_ctx, p);
}

static void leg_begin(leg *l, const sync_net_opts *up, size_t bundles,
                      uint64_t total)
{
	memset(l, 0, sizeof(*l));
	if (up)
		l->o = *up;
	l->up = up;
	if (!l->o.conn)
		l->o.conn = l->own = sync_net_conn_open(); /* NULL: one a request */
	l->o.progress = leg_xfer;
	l->o.ctx = l;
	sync_meter_begin(&l->m, bundles, total);
}

/* Bundle k begins. */
static void leg_next(leg *l, size_t k)
{
	sync_meter_next(&l->m, k);
}

/* Bundle k is done, size bytes of it. */
static void leg_done(leg *l, uint64_t size)
{
	const sync_progress *p = sync_meter_done(&l->m, size);
	if (l->up && l->up->bundle)
		l->up->bundle(l->up->bundle_ctx, p);
}

static void leg_end(leg *l)
{
	sync_net_conn_close(&l->own);
}

ds_status sync_device_push(ds_store *s, const char *server,
                           const sync_net_opts *o, size_t *sent, ds_error *err)
{
	store_county_pub county;
	store_outgoing *list = NULL;
	char url[512];
	bool found;
	size_t n = 0;
	uint64_t total = 0;
	leg l;
	int made = 0;
	ds_status st;
	*sent = 0;
	if ((st = store_county_get(s, &county, url, sizeof(url), &found, err)))
		return st;
	if (server)
		snprintf(url, sizeof(url), "%s", server);
	if (!url[0])
		return ds_fail(err, DS_EUSAGE, "server",
		               N_("no county server given (doorstep enroll --server URL, or --server)"));
	if ((st = sync_device_pack(s, 0, &made, err)) ||
	    (st = store_outbox_pending(s, &list, &n, err)))
		return st;
	/* the bytes of them all, for what is left to send */
	for (size_t i = 0; o && o->bundle && i < n; i++) {
		unsigned char *bytes = NULL;
		size_t len = 0;
		if ((st = store_outbox_bytes(s, list[i].epoch, list[i].number, &bytes,
		                             &len, err))) {
			free(list);
			return st;
		}
		free(bytes);
		total += len;
	}
	leg_begin(&l, o, n, total);
	for (size_t i = 0; !st && i < n; i++) {
		unsigned char *bytes = NULL;
		char *resp = NULL;
		size_t len = 0, rlen = 0;
		long code = 0;
		sync_taken t;
		if ((st = store_outbox_bytes(s, list[i].epoch, list[i].number, &bytes,
		                             &len, err)))
			break;
		leg_next(&l, i + 1);
		st = sync_http_post(url, SYNC_HTTP_BUNDLE, bytes, len, &l.o, &code, &resp,
		                    &rlen, err);
		free(bytes);
		if (!st)
			leg_done(&l, len);
		if (st)
			break;
		if (rlen < 18 || memcmp(resp, "doorstep-receipt-1", 18)) {
			/* no receipt: the county could not even say whose it was */
			char msg[200];
			snprintf(msg, sizeof(msg), "%.*s", (int)(rlen && resp[rlen - 1] == '\n' ? rlen - 1 : rlen), resp);
			st = ds_fail(err, refused_status(code), url,
			             N_("the county refused the bundle: %s"), msg);
			free(resp);
			break;
		}
		st = sync_device_take(s, (unsigned char *)resp, rlen, &t, err);
		free(resp);
		if (st)
			break;
		if (t.r.outcome == SYNC_APPLIED || t.r.outcome == SYNC_ALREADY) {
			(*sent)++;
			continue;
		}
		if (t.retired)
			continue;
		{
			char num[24];
			snprintf(num, sizeof(num), "%lld", (long long)t.r.number);
			/* held: 10; refused: as the county refused it (a
			 * different bundle under its number, after a restore: 9) */
			st = ds_fail(err, t.r.outcome == SYNC_HELD ? DS_EGAP
			                                           : refused_status(code),
			             url, N_("the county did not take bundle %s: %s"), num,
			             t.r.reason);
		}
	}
	leg_end(&l);
	free(list);
	return st;
}

void sync_down_name(char *out, size_t len, const unsigned char *device,
                    int64_t number)
{
	sync_name_make(out, len, SYNC_NAME_DOWN, device, 0, number);
}

ds_status sync_down_headers(void *ctx,
                            char lines[SYNC_HTTP_HEADERS][SYNC_HTTP_HEADER_LINE],
                            size_t *n, ds_error *err)
{
	const sync_down_signer *g = ctx;
	char req[SYNC_DOWNREQ_B64], sig[SYNC_DOWNSIG_B64];
	ds_status st;
	*n = 0;
	if ((st = sync_downreq_make(g->device, g->number, (int64_t)time(NULL),
	                            g->sign_sk->p, req, sig, err)))
		return st;
	snprintf(lines[0], SYNC_HTTP_HEADER_LINE, "%s: %s", SYNC_HTTP_REQUEST, req);
	snprintf(lines[1], SYNC_HTTP_HEADER_LINE, "%s: %s", SYNC_HTTP_SIGNATURE, sig);
	*n = 2;
	return DS_OK;
}

void sync_down_path(char *out, size_t len, const unsigned char *device,
                    int64_t number)
{
	char hex[2 * SYNC_DEVICE_BYTES + 1];
	store_hex(hex, device, SYNC_DEVICE_BYTES);
	snprintf(out, len, "%s%s/%lld", SYNC_HTTP_DOWN, hex, (long long)number);
}

ds_status sync_device_pull(ds_store *s, const char *server,
                           const sync_net_opts *o, size_t *taken,
                           int64_t *events, ds_error *err)
{
	store_county_pub county;
	store_device_pub me;
	sync_down_signer g;
	sync_http_headers h = {sync_down_headers, &g};
	char url[512];
	bool found;
	leg l;
	ds_status st;
	*taken = 0;
	*events = 0;
	memset(&g, 0, sizeof(g));
	if ((st = store_county_get(s, &county, url, sizeof(url), &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EUSAGE, "county",
		               N_("this laptop is not enrolled with a county yet: doorstep enroll --county-key FILE"));
	if (server)
		snprintf(url, sizeof(url), "%s", server);
	if (!url[0])
		return ds_fail(err, DS_EUSAGE, "server",
		               N_("no county server given (doorstep enroll --server URL, or --server)"));
	/* each request is signed with the key that signs this laptop's
	 * bundles, so only this laptop can ask for what is made for it */
	if ((st = store_device(s, &me, NULL, &g.sign_sk, err)))
		return st;
	memcpy(g.device, me.device, SYNC_DEVICE_BYTES);
	leg_begin(&l, o, 0, 0);
	for (int guard = 0; guard < 10000; guard++) {
		char path[128], *resp = NULL;
		size_t rlen = 0;
		long code = 0;
		int64_t have;
		sync_taken t;
		if ((st = store_inbox_top(s, &have, err)))
			break;
		g.number = have + 1;
		sync_down_path(path, sizeof(path), me.device, g.number);
		leg_next(&l, *taken + 1);
		if ((st = sync_http_get(url, path, &h, &l.o, &code, &resp, &rlen, err)))
			break;
		if (code == 204) {
			free(resp);
			break; /* nothing new */
		}
		if (code != 200) {
			char msg[200];
			snprintf(msg, sizeof(msg), "%.*s",
			         (int)(rlen && resp[rlen - 1] == '\n' ? rlen - 1 : rlen), resp);
			free(resp);
			st = ds_fail(err, refused_status(code), url,
			             N_("the county refused: %s"), msg);
			break;
		}
		st = sync_device_take(s, (unsigned char *)resp, rlen, &t, err);
		free(resp);
		if (st)
			break;
		if (t.receipt || t.already) {
			st = ds_fail(err, DS_EDAMAGED, url,
			             N_("the county answered with something other than the next bundle"));
			break;
		}
		leg_done(&l, rlen);
		(*taken)++;
		*events += t.stats.added;
	}
	leg_end(&l);
	store_secret_free(&g.sign_sk);
	return st;
}
