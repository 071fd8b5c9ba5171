# doorstep.bash — bash completion for doorstep: its commands, their words
# and each command's options; files and folders where an option takes one.
# Installed as share/bash-completion/completions/doorstep.

# _doorstep_opts KEY: the options of the command KEY ("household show").
_doorstep_opts()
{
	case $1 in
	init) echo --user --role --region --county-key ;;
	recover) echo --county-secret-key ;;
	"user add") echo --role ;;
	"household add") echo --json ;;
	"household import") echo --jsonl ;;
	"household list") echo --json --csv --counts ;;
	"household show") echo --json --show-id --show-account ;;
	demo) echo --households --seed --jsonl ;;
	"policy show") echo --at --project --json ;;
	assess) echo --all --at --explain --json --dry-run ;;
	transition) echo --allowance --per-capita-income --standard --at --start --taper --policy --json ;;
	"crosscheck import") echo --source --skip-invalid ;;
	"visit record") echo --json --draft ;;
	"visit draft save") echo --json --draft --step ;;
	"review submit" | "review approve" | "review return" | "review refuse" | \
	"review object" | "review suspend" | "review resume") echo --reason --note ;;
	"appeal file") echo --reason --received --late-reason ;;
	"relief file") echo --cause --need --amount --urgent --received ;;
	"relief propose") echo --amount --reason ;;
	"relief refuse") echo --reason ;;
	"relief pay-first") echo --amount ;;
	"appeal assign") echo --to ;;
	"appeal decide") echo --reason --restore ;;
	notice) echo --relief --out --pdf ;;
	"notice deliver") echo --on --method --note ;;
	payroll) echo --month --json --csv --encoding --xlsx ;;
	due) echo --within --json ;;
	device-key) echo --out ;;
	enroll) echo --county-key --server ;;
	"sync export") echo --to ;;
	"sync push" | "sync pull") echo --server --ca ;;
	"store backup") echo --to ;;
	"store restore") echo --from ;;
	"household find" | "crosscheck list" | "visit draft list" | "review list" | \
	"appeal list" | "sync status" | "relief list" | "relief show") echo --json ;;
	esac
}

_doorstep()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local valued=" --store --user --passphrase-fd --new-passphrase-fd --lang --role --region --county-key --county-secret-key --jsonl --households --seed --at --allowance --per-capita-income --standard --start --taper --policy --source --draft --step --reason --note --received --late-reason --cause --need --amount --to --from --restore --out --pdf --on --method --month --encoding --xlsx --within --server --ca "
	local -a words=()
	local i w skip=0
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [ $skip = 1 ]; then skip=0; continue; fi
		case $w in
		--*=*) ;;
		--json) # a FILE only for these; a flag elsewhere
			case "${words[*]}" in
			"household add" | "visit record"* | "visit draft save"*) skip=1 ;;
			esac ;;
		--*) case $valued in *" $w "*) skip=1 ;; esac ;;
		*) words+=("$w") ;;
		esac
	done
	if [ $skip = 1 ] && [ -n "$prev" ]; then
		case $prev in
		--store | --to | --from) compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur")) ;;
		--county-key | --county-secret-key | --json | --jsonl | --policy | \
		--out | --pdf | --xlsx | --ca) compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		--role) COMPREPLY=($(compgen -W "assistant supervisor reviewer" -- "$cur")) ;;
		--lang) COMPREPLY=($(compgen -W "zh_CN en" -- "$cur")) ;;
		--taper) COMPREPLY=($(compgen -W "linear hold" -- "$cur")) ;;
		--encoding) COMPREPLY=($(compgen -W "gb18030 utf-8" -- "$cur")) ;;
		--method) COMPREPLY=($(compgen -W "in_person post left_at_home public" -- "$cur")) ;;
		--restore) COMPREPLY=($(compgen -W "receiving in_transition investigating" -- "$cur")) ;;
		--source) COMPREPLY=($(compgen -W "electricity water gas bank property vehicle business social_insurance" -- "$cur")) ;;
		--cause) COMPREPLY=($(compgen -W "illness accident disaster income_loss other" -- "$cur")) ;;
		*) COMPREPLY=() ;;
		esac
		return 0
	fi

	local key= next=
	case ${words[0]-} in
	"") next="init passwd user recover household demo policy settings assess transition crosscheck visit review appeal relief notice payroll due device-key enroll sync store audit help version" ;;
	user) key="user ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="add list" ;;
	household) key="household ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="add import list show find" ;;
	policy) key="policy ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="show import" ;;
	settings) key="settings ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="show set" ;;
	crosscheck) key="crosscheck ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="import list" ;;
	review) key="review ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="submit list approve return refuse object finalize suspend resume" ;;
	appeal) key="appeal ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="file list assign decide" ;;
	relief) key="relief ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="file list show propose approve refuse pay-first" ;;
	sync) key="sync ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="export import push pull new-epoch status" ;;
	store) key="store ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="rebuild backup restore" ;;
	audit) key="audit ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="verify" ;;
	visit)
		if [ "${words[1]-}" = draft ]; then
			key="visit draft ${words[2]-}"; [ ${#words[@]} -lt 3 ] && next="save list discard"
		else
			key="visit ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="record resume draft"
		fi ;;
	notice) key=notice; [ "${words[1]-}" = deliver ] && key="notice deliver"
		[ ${#words[@]} -lt 2 ] && next="deliver" ;;
	*) key=${words[0]} ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_doorstep_opts "$key") --store --user --passphrase-fd --lang --help --version" -- "$cur"))
		[ "$key" = passwd ] && COMPREPLY+=($(compgen -W "--new-passphrase-fd" -- "$cur"))
		return 0
	fi
	if [ -n "$next" ]; then
		COMPREPLY=($(compgen -W "$next" -- "$cur"))
		return 0
	fi
	case $key in
	"policy import" | "settings set" | "crosscheck import")
		compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
	"sync import") compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
	"appeal decide") [ ${#words[@]} -eq 3 ] && COMPREPLY=($(compgen -W "uphold overturn" -- "$cur")) ;;
	*) COMPREPLY=() ;;
	esac
	return 0
}
complete -F _doorstep doorstep
