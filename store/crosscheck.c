/* crosscheck.c — importing other departments' extracts: every row checked
 * before anything is written, the rows of people in the caseload kept
 * (sealed, in a crosscheck.imported event) and the others dropped, the
 * rules applied per household, a flag.raised event for each that fires.
 * The flag table points at those events; the evidence stays sealed in
 * their bodies. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"
#include "core/event.h"
#include "store/crosscheck.h"
#include "store/csvfile.h"
#include "store/internal.h"

#define EXTRA_MAX 1000 /* bytes kept of an extra column's value */
#define DETAIL_FIGURES 3

/* ---- the file ---------------------------------------------------------------- */

static ds_status read_whole(const char *path, unsigned char **out,
                            size_t *len, ds_error *err)
{
	struct stat sb;
	unsigned char *buf;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return ds_fail(err, errno == ENOENT || errno == ENOTDIR ||
		                                errno == EISDIR
		                        ? DS_EINPUT
		                        : DS_EPERM,
		               path, N_("cannot open the file: %s"),
		               strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ds_fail(err, DS_EINPUT, path, N_("this is not a file"));
	}
	if (sb.st_size == 0) {
		close(fd);
		return ds_fail(err, DS_EINPUT, path, N_("the file is empty"));
	}
	if (sb.st_size > STORE_CSV_MAX) {
		close(fd);
		return ds_fail(err, DS_EINPUT, path,
		               N_("the file is too large (at most 64 MiB)"));
	}
	/* One buffer of the file's size: no copies left behind by growing. */
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = errno;
			close(fd);
			store_wipe(buf, n);
			free(buf);
			return ds_fail(err, DS_ESYSTEM, path,
			               N_("cannot read the file: %s"),
			               r < 0 ? strerror(e) : "EOF");
		}
		n += (size_t)r;
	}
	close(fd);
	*out = buf;
	*len = n;
	return DS_OK;
}

/* The store's today, or the computer's when none was set. */
static core_date import_today(const ds_store *s)
{
	time_t now;
	struct tm tm;
	if (s->today >= 0)
		return s->today;
	now = time(NULL);
	localtime_r(&now, &tm);
	return core_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b && b[1] ? b + 1 : path;
}

/* A keyed hash of the source and the content: the same file imported
 * again is recognised, and the column tells nothing to whoever has the
 * file without the key. */
static void content_hash(ds_store *s, unsigned char out[STORE_HASH_BYTES],
                         core_xc_source src, const unsigned char *data,
                         size_t len)
{
	static const char domain[] = "doorstep-crosscheck-1";
	const char *id = core_xc_source_id(src);
	crypto_generichash_state h;
	crypto_generichash_init(&h, BLIND_KEY(s), STORE_KEY_BYTES,
	                        STORE_HASH_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)domain,
	                          sizeof(domain));
	crypto_generichash_update(&h, (const unsigned char *)id, strlen(id) + 1);
	crypto_generichash_update(&h, data, len);
	crypto_generichash_final(&h, out, STORE_HASH_BYTES);
}

/* The event that imported this content, or 0. */
static ds_status imported_seq(ds_store *s,
                              const unsigned char hash[STORE_HASH_BYTES],
                              int64_t *seq, ds_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT seq FROM crosscheck WHERE hash = ?",
	                            -1, &q, NULL);
	*seq = 0;
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_blob(q, 1, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DS_OK
	                                             : store_sql_fail(s, err, rc);
}

/* "FILE:LINE" or "FILE:LINE: column" in front of a row's error. */
static void where_line(ds_error *err, const char *path, long line)
{
	char tmp[DS_ERR_WHERE];
	snprintf(tmp, sizeof(tmp), "%s", err->where);
	if (tmp[0])
		snprintf(err->where, sizeof(err->where), "%.120s:%ld: %.60s", path,
		         line, tmp);
	else
		snprintf(err->where, sizeof(err->where), "%.120s:%ld", path, line);
}

/* ---- rows as JSON ------------------------------------------------------------- */

static json_t *cents_json(int64_t v)
{
	char b[CORE_MONEY_BUF];
	core_money_format(v, b);
	return json_string(b);
}

/* Text cut to at most max bytes, never inside a character. */
static json_t *cut_json(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return json_stringn(s, n);
}

/* The columns the rules do not read, by their header names. */
static json_t *extras_json(const store_csv *csv, const core_xc_header *hd,
                           const store_csv_record *rec)
{
	const store_csv_record *head = &csv->records[0];
	json_t *j = NULL;
	for (size_t i = 0; i < rec->n && i < head->n; i++) {
		char key[300], *k;
		if (core_xc_header_mapped(hd, i))
			continue;
		if (!j && !(j = json_object()))
			return NULL;
		snprintf(key, sizeof(key), "%s", head->fields[i]);
		k = core_trim(key);
		if (!*k || json_object_get(j, k)) {
			snprintf(key, sizeof(key), "column %zu", i + 1);
			k = key;
		}
		json_object_set_new(j, k, cut_json(rec->fields[i], EXTRA_MAX));
	}
	return j;
}

static json_t *row_json(core_xc_source src, const core_xc_row *r,
                        json_t *extra)
{
	json_t *j = json_object();
	char b[16];
	if (!j)
		return NULL;
	json_object_set_new(j, "line", json_integer(r->line));
	json_object_set_new(j, "id_number", json_string(r->id_number));
	if (core_xc_source_kind(src) == CORE_XC_REGISTRY) {
		json_object_set_new(j, "description", json_string(r->description));
		core_date_format(r->registered, b);
		json_object_set_new(j, "registered", json_string(b));
	} else {
		core_month_format(r->period, b);
		json_object_set_new(j, "period", json_string(b));
		json_object_set_new(j, "value", cents_json(r->value));
	}
	if (extra)
		json_object_set(j, "extra", extra);
	return j;
}

/* ---- importing ------------------------------------------------------------------- */

typedef struct {
	core_xc_row row;
	size_t rec;                    /* its record in the file */
	char household[STORE_ID_BUF];  /* "" when nobody in the caseload */
} xc_item;

static int cmp_item(const void *a, const void *b)
{
	const xc_item *x = a, *y = b;
	int c = strcmp(x->household, y->household);
	if (c)
		return c;
	return x->row.line < y->row.line ? -1 : x->row.line > y->row.line;
}

static ds_status person_household(ds_store *s, const char *idnum,
                                  char out[STORE_ID_BUF], ds_error *err)
{
	unsigned char blind[STORE_BLIND_BYTES];
	sqlite3_stmt *q = store_stmt(s, STMT_PERSON_GET);
	int rc;
	out[0] = '\0';
	if (!q)
		return store_sql_fail(s, err, sqlite3_errcode(s->db));
	store_blind(blind, idnum, BLIND_KEY(s));
	sqlite3_bind_blob(q, 1, blind, STORE_BLIND_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(out, STORE_ID_BUF, "%s",
		         (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DS_OK
	                                             : store_sql_fail(s, err, rc);
}

static void items_free(xc_item *items, size_t n)
{
	if (items) {
		store_wipe(items, n * sizeof(*items));
		free(items);
	}
}

/* The flag.raised body for one household. */
static json_t *flag_json(const core_xc_flag *f, const core_household *h,
                         const xc_item *grp, const core_xc_row *rows,
                         const store_csv *csv, const core_xc_header *hd,
                         const char *file, const char *hash_hex,
                         const char *date, const char *policy)
{
	json_t *j = json_object(), *figs = json_object(), *ev = json_array();
	if (!j || !figs || !ev)
		goto oom;
	json_object_set_new(j, "rule", json_string(core_xc_rule_id(f->rule)));
	json_object_set_new(j, "source", json_string(core_xc_source_id(f->source)));
	json_object_set_new(j, "file", json_string(file));
	json_object_set_new(j, "content_hash", json_string(hash_hex));
	json_object_set_new(j, "date", json_string(date));
	json_object_set_new(j, "policy_version", json_string(policy));
	for (int i = 0; i < f->n_figures; i++)
		json_object_set_new(figs, f->figures[i].name,
		                    json_string(f->figures[i].value));
	json_object_set_new(j, "figures", figs);
	figs = NULL;
	for (size_t i = 0; i < f->n_evidence; i++) {
		const core_xc_evidence *e = &f->evidence[i];
		const core_member *m = &h->members[e->member];
		json_t *extra = extras_json(csv, hd, &csv->records[grp[e->row].rec]);
		json_t *r = row_json(f->source, &rows[e->row], extra);
		json_decref(extra);
		if (!r)
			goto oom;
		json_object_set_new(r, "member", json_integer((json_int_t)e->member));
		json_object_set_new(r, "name", json_string(m->name));
		if (e->has_compared)
			json_object_set_new(r, "declared_wages", cents_json(e->compared));
		json_array_append_new(ev, r);
	}
	json_object_set_new(j, "evidence", ev);
	return j;
oom:
	json_decref(j);
	json_decref(figs);
	json_decref(ev);
	return NULL;
}

typedef struct {
	json_t *kept;      /* rows for crosscheck.imported */
	json_t **flags;    /* flag.raised bodies */
	char (*flag_hh)[STORE_ID_BUF];
	size_t n_flags;
} import_out;

/* Applies the rule to one household's rows; adds its kept rows and its
 * flag to o. */
static ds_status check_household(ds_store *s, core_xc_source src,
                                 core_date today, const xc_item *grp,
                                 size_t n, int months,
                                 const core_policy *p, const store_csv *csv,
                                 const core_xc_header *hd, const char *file,
                                 const char *hash_hex, import_out *o,
                                 store_xc_report *rep, ds_error *err)
{
	store_household_row hr;
	core_xc_row *rows = NULL;
	core_xc_flag flag;
	core_xc_limits lim;
	core_fen standard = 0;
	size_t kept = 0;
	bool raised = false;
	char date[11];
	ds_status st;

	core_xc_flag_init(&flag);
	if ((st = store_household_get(s, grp[0].household, &hr, err)))
		return st;
	if (src == CORE_XC_BANK) {
		const core_standard *sd =
		        core_policy_standard(p, hr.h.region, today, err);
		if (!sd) {
			snprintf(err->where, sizeof(err->where), "household %s",
			         hr.id);
			st = DS_EINPUT;
			goto out;
		}
		standard = sd->monthly;
	}
	core_xc_limits_from_policy(p, standard, &lim);
	if (!(rows = calloc(n, sizeof(*rows)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	/* Only the rows of its members (the index may know a person the
	 * household no longer lists). */
	for (size_t i = 0; i < n; i++) {
		json_t *extra, *r;
		if (core_xc_member_of(&hr.h, grp[i].row.id_number) < 0)
			continue;
		extra = extras_json(csv, hd, &csv->records[grp[i].rec]);
		r = row_json(src, &grp[i].row, extra);
		json_decref(extra);
		if (!r) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		json_object_set_new(r, "household", json_string(hr.id));
		json_array_append_new(o->kept, r);
		rows[kept] = grp[i].row;
		kept++;
	}
	if (!kept)
		goto out;
	rep->kept += (long)kept;
	rep->households++;
	if ((st = core_crosscheck(&hr.h, src, rows, kept, months, &lim, &raised,
	                          &flag, err)) ||
	    !raised)
		goto out;
	{
		/* Evidence rows index rows[]; map them to their items for the
		 * extra columns. */
		xc_item *view = calloc(kept, sizeof(*view));
		json_t *fj;
		size_t k = 0;
		if (!view) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			if (core_xc_member_of(&hr.h, grp[i].row.id_number) >= 0)
				view[k++] = grp[i];
		core_date_format(today, date);
		fj = flag_json(&flag, &hr.h, view, rows, csv, hd, file, hash_hex,
		               date, p->version);
		items_free(view, kept);
		if (!fj) {
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		o->flags[o->n_flags] = fj;
		snprintf(o->flag_hh[o->n_flags], STORE_ID_BUF, "%s", hr.id);
		o->n_flags++;
		rep->flags++;
	}
out:
	core_xc_flag_free(&flag);
	if (rows) {
		store_wipe(rows, n * sizeof(*rows));
		free(rows);
	}
	store_row_free(&hr);
	return st;
}

static ds_status emit_all(ds_store *s, core_xc_source src, core_date today,
                          const char *file,
                          const char *hash_hex, const store_csv *csv,
                          int months, const store_xc_report *rep,
                          import_out *o, ds_error *err)
{
	json_t *body = json_object(), *cols = json_array();
	char date[11];
	ds_status st;
	if (!body || !cols) {
		json_decref(body);
		json_decref(cols);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (size_t i = 0; i < csv->records[0].n; i++)
		json_array_append_new(cols, cut_json(csv->records[0].fields[i], 255));
	core_date_format(today, date);
	json_object_set_new(body, "source", json_string(core_xc_source_id(src)));
	json_object_set_new(body, "file", json_string(file));
	json_object_set_new(body, "content_hash", json_string(hash_hex));
	json_object_set_new(body, "date", json_string(date));
	json_object_set_new(body, "encoding", json_string(rep->encoding));
	json_object_set_new(body, "columns", cols);
	json_object_set_new(body, "months", json_integer(months));
	json_object_set_new(body, "rows_read", json_integer(rep->rows));
	json_object_set_new(body, "rows_invalid", json_integer(rep->invalid));
	json_object_set_new(body, "row_count", json_integer(rep->kept));
	json_object_set(body, "rows", o->kept);
	st = store_emit(s, core_event_id(CORE_EVENT_CROSSCHECK_IMPORTED), "", body, NULL, err);
	json_decref(body);
	for (size_t i = 0; !st && i < o->n_flags; i++)
		st = store_emit(s, core_event_id(CORE_EVENT_FLAG_RAISED), o->flag_hh[i], o->flags[i], NULL,
		                err);
	return st;
}

ds_status store_crosscheck_import(ds_store *s, core_xc_source src,
                                  const char *path, bool skip_invalid,
                                  store_xc_invalid_cb invalid, void *ctx,
                                  store_xc_report *rep, ds_error *err)
{
	unsigned char *data = NULL, hash[STORE_HASH_BYTES];
	char hash_hex[2 * STORE_HASH_BYTES + 1];
	size_t len = 0, n_items = 0;
	store_csv csv;
	core_xc_header hd;
	xc_item *items = NULL;
	core_xc_row *all = NULL;
	core_policy *versions = NULL;
	const core_policy *p = NULL;
	size_t n_versions = 0;
	import_out o;
	int64_t seq;
	int months;
	core_date today = import_today(s);
	bool began = false;
	ds_status st;

	memset(rep, 0, sizeof(*rep));
	memset(&csv, 0, sizeof(csv));
	memset(&o, 0, sizeof(o));
	if ((unsigned)src >= CORE_XC_SOURCE_COUNT)
		return ds_fail(err, DS_EUSAGE, "source",
		               N_("the source is one of: %s"),
		               core_xc_source_allowed());
	if ((st = read_whole(path, &data, &len, err)))
		return st;
	content_hash(s, hash, src, data, len);
	store_hex(hash_hex, hash, STORE_HASH_BYTES);
	if ((st = imported_seq(s, hash, &seq, err)))
		goto out;
	if (seq) {
		rep->already = true;
		goto out;
	}

	/* Every row, before anything is written. */
	if ((st = store_csv_parse(data, len, path, &csv, err)))
		goto out;
	snprintf(rep->encoding, sizeof(rep->encoding), "%s",
	         store_csv_encoding_id(csv.encoding));
	rep->bom = csv.bom;
	if ((st = core_xc_header_map(src, csv.records[0].fields,
	                             csv.records[0].n, &hd, err))) {
		where_line(err, path, csv.records[0].line);
		goto out;
	}
	if (csv.n_records < 2) {
		st = ds_fail(err, DS_EINPUT, path,
		             N_("the file has a header row but no rows under it"));
		goto out;
	}
	if (!(items = calloc(csv.n_records - 1, sizeof(*items)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	for (size_t i = 1; i < csv.n_records; i++) {
		const store_csv_record *r = &csv.records[i];
		ds_error e;
		rep->rows++;
		if (core_xc_row_parse(src, &hd, r->fields, r->n, today,
		                      &items[n_items].row, &e)) {
			where_line(&e, path, r->line);
			rep->invalid++;
			if (invalid)
				invalid(&e, ctx);
			continue;
		}
		items[n_items].row.line = r->line;
		items[n_items].rec = i;
		n_items++;
	}
	if (rep->invalid && !skip_invalid) {
		char a[24], b[24];
		snprintf(a, sizeof(a), "%ld", rep->invalid);
		snprintf(b, sizeof(b), "%ld", rep->rows);
		st = ds_fail(err, DS_EINPUT, path,
		             N_("%s of %s rows are invalid; nothing was imported"), a,
		             b);
		goto out;
	}
	if (!n_items) {
		st = ds_fail(err, DS_EINPUT, path,
		             N_("no row is valid; nothing was imported"));
		goto out;
	}
	if (!(all = malloc(n_items * sizeof(*all)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < n_items; i++)
		all[i] = items[i].row;
	months = core_xc_months(all, n_items);

	/* Under the write lock: the same file may have come in meanwhile. */
	if ((st = store_begin(s, err)))
		goto out;
	began = true;
	if ((st = imported_seq(s, hash, &seq, err)))
		goto out;
	if (seq) {
		rep->already = true;
		goto out;
	}
	if ((st = store_policy_at(s, today, &versions, &n_versions, &p, err)))
		goto out;
	for (size_t i = 0; i < n_items; i++)
		if ((st = person_household(s, items[i].row.id_number,
		                           items[i].household, err)))
			goto out;
	qsort(items, n_items, sizeof(*items), cmp_item);
	o.kept = json_array();
	o.flags = calloc(n_items, sizeof(*o.flags));
	o.flag_hh = calloc(n_items, sizeof(*o.flag_hh));
	if (!o.kept || !o.flags || !o.flag_hh) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < n_items;) {
		size_t j = i + 1;
		while (j < n_items &&
		       strcmp(items[j].household, items[i].household) == 0)
			j++;
		if (items[i].household[0] &&
		    (st = check_household(s, src, today, &items[i], j - i, months, p, &csv,
		                          &hd, base_name(path), hash_hex, &o, rep,
		                          err)))
			goto out;
		i = j;
	}
	if ((st = emit_all(s, src, today, base_name(path), hash_hex, &csv, months, rep,
	                   &o, err)) ||
	    (st = store_commit(s, err)))
		goto out;
out:
	if (began)
		store_rollback(s); /* a no-op after the commit */
	if (st || rep->already) {
		/* Nothing was written: only what was read stays in the report. */
		rep->kept = rep->households = rep->flags = 0;
		rep->already = rep->already && !st;
	}
	for (size_t i = 0; i < o.n_flags; i++)
		json_decref(o.flags[i]);
	free(o.flags);
	free(o.flag_hh);
	json_decref(o.kept);
	store_policies_free(versions, n_versions);
	items_free(items, csv.n_records ? csv.n_records - 1 : 0);
	if (all) {
		store_wipe(all, n_items * sizeof(*all));
		free(all);
	}
	store_csv_free(&csv);
	if (data) {
		store_wipe(data, len);
		free(data);
	}
	return st;
}

/* ---- the projection ------------------------------------------------------------ */

ds_status store_project_xc_imported(ds_store *s, const store_event *ev,
                                    json_t *body, ds_error *err)
{
	const char *hex = json_string_value(json_object_get(body, "content_hash"));
	unsigned char hash[STORE_HASH_BYTES];
	sqlite3_stmt *q;
	int rc;
	if (!hex || !store_unhex(hash, sizeof(hash), hex))
		return store_bad_body(ev, err);
	/* The first import of a content is the one that counts (another
	 * device may have imported the same file too). */
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT OR IGNORE INTO main.crosscheck(hash, seq, mac)"
	                        " VALUES (?1,?2, ds_mac('crosscheck', ?1, ?2))",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_blob(q, 1, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, ev->seq);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

ds_status store_project_flag(ds_store *s, const store_event *ev, json_t *body,
                             ds_error *err)
{
	sqlite3_stmt *q;
	int rc;
	if (!json_is_string(json_object_get(body, "rule")) || !ev->entity[0])
		return store_bad_body(ev, err);
	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT INTO main.flag(seq, household, mac)"
	                        " VALUES (?1,?2, ds_mac('flag', ?1, ?2))",
	                        -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(s, err, rc);
	sqlite3_bind_int64(q, 1, ev->seq);
	sqlite3_bind_text(q, 2, ev->entity, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? DS_OK : store_sql_fail(s, err, rc);
}

/* ---- reading flags ------------------------------------------------------------- */

/* Walks flag rows (of one household, or all when household is NULL),
 * checking each points to a flag.raised event of its household. */
static ds_status walk_flags(ds_store *s, const char *household,
                            store_xc_flag_cb cb, void *ctx, ds_error *err)
{
	sqlite3_stmt *q = NULL;
	ds_status st = DS_OK;
	bool cached = household != NULL; /* once per household when assessing */
	int rc = SQLITE_OK;
	if (cached)
		q = store_stmt(s, STMT_FLAGS_OF);
	else
		rc = sqlite3_prepare_v2(
		        s->db,
		        "SELECT f.seq, f.household, e.kind, e.entity FROM flag f"
		        " LEFT JOIN event e ON e.seq = f.seq ORDER BY f.seq",
		        -1, &q, NULL);
	if (rc != SQLITE_OK || !q)
		return store_sql_fail(s, err, rc != SQLITE_OK ? rc
		                                              : sqlite3_errcode(s->db));
	if (household)
		sqlite3_bind_text(q, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(q, 0);
		const char *hh = (const char *)sqlite3_column_text(q, 1);
		const char *kind = (const char *)sqlite3_column_text(q, 2);
		const char *entity = (const char *)sqlite3_column_text(q, 3);
		char id[STORE_ID_BUF];
		json_t *body = NULL;
		snprintf(id, sizeof(id), "%s", hh ? hh : "");
		if (!kind || !core_event_is(kind, CORE_EVENT_FLAG_RAISED) || !entity ||
		    strcmp(entity, id) != 0) {
			char where[64], num[24];
			snprintf(where, sizeof(where), "household %s", id);
			snprintf(num, sizeof(num), "%lld", (long long)seq);
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("a cross-check flag points to event %s, which is not its flag; doorstep store rebuild restores the flags"),
			             num);
			break;
		}
		if ((st = store_event_body(s, seq, &body, err)))
			break;
		if (!json_is_string(json_object_get(body, "rule"))) {
			char where[48];
			json_decref(body);
			snprintf(where, sizeof(where), "event %lld", (long long)seq);
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("its content does not fit its kind (%s)"),
			             core_event_id(CORE_EVENT_FLAG_RAISED));
			break;
		}
		st = cb(seq, id, body, ctx);
		json_decref(body);
		if (st)
			break;
	}
	if (!st && rc != SQLITE_DONE)
		st = store_sql_fail(s, err, rc);
	if (cached)
		sqlite3_reset(q);
	else
		sqlite3_finalize(q);
	return st;
}

ds_status store_crosscheck_each(ds_store *s, store_xc_flag_cb cb, void *ctx,
                                ds_error *err)
{
	return walk_flags(s, NULL, cb, ctx, err);
}

ds_status store_crosscheck_each_of(ds_store *s, const char *household,
                                   store_xc_flag_cb cb, void *ctx,
                                   ds_error *err)
{
	if (!household)
		return ds_fail(err, DS_EUSAGE, "ID", N_("a household id is needed"));
	return walk_flags(s, household, cb, ctx, err);
}

/* The figures a flag's one-line detail shows, by rule. */
static const struct {
	core_xc_rule rule;
	const char *figures[DETAIL_FIGURES];
} detail_figures[] = {
	{CORE_XC_RULE_ELECTRICITY_USE, {"use_per_person", "threshold", NULL}},
	{CORE_XC_RULE_WATER_USE, {"use_per_person", "threshold", NULL}},
	{CORE_XC_RULE_GAS_USE, {"use_per_person", "threshold", NULL}},
	{CORE_XC_RULE_BANK_INFLOW,
	 {"inflow_average", "declared_income", "standard_times_members"}},
	{CORE_XC_RULE_UNDECLARED_HOME, {"registered", "declared", NULL}},
	{CORE_XC_RULE_UNDECLARED_VEHICLE, {"registered", "declared", NULL}},
	{CORE_XC_RULE_UNDECLARED_BUSINESS, {"registered", NULL, NULL}},
	{CORE_XC_RULE_CONTRIBUTION_ABOVE_WAGES, {"rows_above", NULL, NULL}},
	{CORE_XC_RULE_ENROLLED_ELSEWHERE, {"month", "other_county", "other_household"}},
};

/* "bank.csv:2,3,5 inflow_average=9000.00 declared_income=1200.00 ..."
 * within len bytes: the figures first, then as many lines as fit. */
static void flag_detail(json_t *body, char *out, size_t len)
{
	const char *rule = json_string_value(json_object_get(body, "rule"));
	const char *file = json_string_value(json_object_get(body, "file"));
	json_t *figs = json_object_get(body, "figures");
	json_t *ev = json_object_get(body, "evidence"), *e;
	char tail[160] = "", lines[128] = "";
	size_t used = 0, i;
	int r = core_xc_rule_lookup(rule);

	for (size_t k = 0; r >= 0 && k < sizeof(detail_figures) / sizeof(detail_figures[0]); k++) {
		if ((int)detail_figures[k].rule != r)
			continue;
		for (int f = 0; f < DETAIL_FIGURES && detail_figures[k].figures[f]; f++) {
			const char *name = detail_figures[k].figures[f];
			const char *v = json_string_value(json_object_get(figs, name));
			size_t n = strlen(tail);
			if (v)
				snprintf(tail + n, sizeof(tail) - n, " %s=%s", name, v);
		}
	}
	if (!file) {
		/* the province's: no file, no lines */
		snprintf(out, len, "%s%s", CORE_XC_FROM_PROVINCE, tail);
		return;
	}
	used = strlen(file) + 1 + strlen(tail);
	json_array_foreach(ev, i, e) {
		char num[24];
		size_t n = strlen(lines);
		snprintf(num, sizeof(num), "%s%lld", i ? "," : "",
		         (long long)json_integer_value(json_object_get(e, "line")));
		/* room for this, an ellipsis and the NUL */
		if (used + n + strlen(num) + 4 >= len || n + strlen(num) >= sizeof(lines) - 4) {
			snprintf(lines + n, sizeof(lines) - n, n ? ",…" : "…");
			break;
		}
		snprintf(lines + n, sizeof(lines) - n, "%s", num);
	}
	{
		/* A long file name may still not fit: cut it at a character,
		 * never inside one, so the detail stays UTF-8. */
		char full[512];
		size_t n = (size_t)snprintf(full, sizeof(full), "%s:%s%s",
		                            file, lines, tail);
		if (n >= sizeof(full))
			n = sizeof(full) - 1;
		if (n >= len) {
			n = len - 1;
			while (n > 0 && ((unsigned char)full[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(out, full, n);
		out[n] = '\0';
	}
}

typedef struct {
	core_flag *out;
	size_t max, n;
} flags_ctx;

static ds_status one_flag(int64_t seq, const char *household, json_t *body,
                          void *vctx)
{
	flags_ctx *x = vctx;
	core_flag *f;
	(void)seq;
	(void)household;
	if (x->n >= x->max)
		return DS_OK;
	f = &x->out[x->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->rule, sizeof(f->rule), "%s",
	         json_string_value(json_object_get(body, "rule")));
	flag_detail(body, f->detail, sizeof(f->detail));
	return DS_OK;
}

ds_status store_crosscheck_flags(ds_store *s, const char *household,
                                 core_flag *out, size_t max, size_t *n,
                                 ds_error *err)
{
	flags_ctx x = {out, max, 0};
	ds_status st;
	*n = 0;
	if (!household)
		return ds_fail(err, DS_EUSAGE, "ID", N_("a household id is needed"));
	if (s->sets_loaded && !store_idset_has(&s->flagged, household))
		return DS_OK; /* assess --all: not among those flagged */
	st = walk_flags(s, household, one_flag, &x, err);
	*n = x.n;
	return st;
}

/* ---- the province's flags ---------------------------------------------------------- */

typedef struct {
	const core_xc_flag *f;
	bool found;
} same_ctx;

/* Whether a flag.raised body says what f says: the same rule and figures. */
static ds_status same_flag(int64_t seq, const char *household, json_t *body,
                           void *vctx)
{
	same_ctx *x = vctx;
	json_t *figs = json_object_get(body, "figures");
	const char *rule = json_string_value(json_object_get(body, "rule"));
	(void)seq;
	(void)household;
	if (x->found || !rule || strcmp(rule, core_xc_rule_id(x->f->rule)))
		return DS_OK;
	for (int i = 0; i < x->f->n_figures; i++) {
		const char *v = json_string_value(json_object_get(figs, x->f->figures[i].name));
		if (!v || strcmp(v, x->f->figures[i].value))
			return DS_OK;
	}
	x->found = true;
	return DS_OK;
}

ds_status store_crosscheck_elsewhere(ds_store *s, const char *household,
                                     const core_household *h,
                                     const core_xc_flag *f, bool *already,
                                     ds_error *err)
{
	same_ctx x = {f, false};
	json_t *body, *figs, *ev;
	char date[11];
	ds_status st;
	*already = false;
	if (f->rule != CORE_XC_RULE_ENROLLED_ELSEWHERE || f->n_evidence != 1 ||
	    f->evidence[0].member >= h->n_members)
		return ds_fail(err, DS_EUSAGE, "", N_("internal error: no such cross-check"));
	if ((st = walk_flags(s, household, same_flag, &x, err)))
		return st;
	if ((*already = x.found))
		return DS_OK;
	core_date_format(import_today(s), date);
	body = json_object();
	figs = json_object();
	ev = json_array();
	if (!body || !figs || !ev) {
		json_decref(body);
		json_decref(figs);
		json_decref(ev);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	for (int i = 0; i < f->n_figures; i++)
		json_object_set_new(figs, f->figures[i].name, json_string(f->figures[i].value));
	json_array_append_new(ev, json_pack("{s:I, s:s}", "member",
	                                    (json_int_t)f->evidence[0].member, "name",
	                                    h->members[f->evidence[0].member].name));
	json_object_set_new(body, "rule", json_string(core_xc_rule_id(f->rule)));
	json_object_set_new(body, "source", json_string(CORE_XC_FROM_PROVINCE));
	json_object_set_new(body, "date", json_string(date));
	json_object_set_new(body, "figures", figs);
	json_object_set_new(body, "evidence", ev);
	st = store_emit(s, core_event_id(CORE_EVENT_FLAG_RAISED), household, body, NULL, err);
	json_decref(body);
	return st;
}
