# doorstep-county.bash — bash completion for doorstep-county: its commands,
# their words and each command's options; files and folders where an option
# or an argument takes one. Installed as
# share/bash-completion/completions/doorstep-county.

# _doorstep_county_opts KEY: the options of the command KEY ("report").
_doorstep_county_opts()
{
	case $1 in
	init) echo --region ;;
	enroll) echo --device-key --user --role --area ;;
	revoke) echo --device-key ;;
	export) echo --for ;;
	status | conflicts | "user list") echo --json ;;
	reassign) echo --household --to ;;
	serve) echo --listen --tls-cert --tls-key --insecure-console ;;
	payroll*) echo --month --json --csv --encoding --xlsx ;;
	report*) echo --json --csv --days --month ;;
	budget) echo --year --policy --svg --json ;;
	"relief list") echo --json ;;
	"relief decide") echo --reason ;;
	"user add") echo --role --password-fd ;;
	"user passwd") echo --password-fd ;;
	backup) echo --to ;;
	restore) echo --from ;;
	feed) echo --to --every ;;
	esac
}

_doorstep_county()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local valued=" --data --passphrase-fd --lang --region --device-key --user --role --area --for --household --to --from --listen --tls-cert --tls-key --month --encoding --xlsx --days --year --policy --svg --password-fd --every --reason "
	local -a words=()
	local i w skip=0
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [ $skip = 1 ]; then skip=0; continue; fi
		case $w in
		--*=*) ;;
		--*) case $valued in *" $w "*) skip=1 ;; esac ;;
		*) words+=("$w") ;;
		esac
	done
	if [ $skip = 1 ]; then
		case $prev in
		--data | --to | --from) compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur")) ;;
		--device-key | --for | --tls-cert | --tls-key | --policy | --svg | --xlsx)
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		--role)
			if [ "${words[0]-}" = user ]; then
				COMPREPLY=($(compgen -W "officer approver admin" -- "$cur"))
			else
				COMPREPLY=($(compgen -W "assistant supervisor reviewer" -- "$cur"))
			fi ;;
		--lang) COMPREPLY=($(compgen -W "zh_CN en" -- "$cur")) ;;
		--encoding) COMPREPLY=($(compgen -W "gb18030 utf-8" -- "$cur")) ;;
		--listen) COMPREPLY=($(compgen -W "127.0.0.1:8480 localhost:8480 [::1]:8480 0.0.0.0:8480 [::]:8480" -- "$cur")) ;;
		*) COMPREPLY=() ;;
		esac
		return 0
	fi

	local key=${words[0]-} next=
	case $key in
	"") next="init enroll revoke import export status conflicts policy settings reassign serve payroll report budget relief user backup restore province-key feed" ;;
	payroll) [ ${#words[@]} -lt 2 ] && next="issue check" ;;
	report) [ ${#words[@]} -lt 2 ] && next="caseload ending waiting laptops outlay" ;;
	relief) key="relief ${words[1]-}"
		if [ ${#words[@]} -lt 2 ]; then next="list decide"
		elif [ "${words[1]}" = decide ] && [ ${#words[@]} -eq 3 ]; then next="approve refuse"; fi ;;
	user) key="user ${words[1]-}"; [ ${#words[@]} -lt 2 ] && next="add list passwd disable" ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_doorstep_county_opts "$key") --data --passphrase-fd --lang --help --version" -- "$cur"))
		return 0
	fi
	if [ -n "$next" ]; then
		COMPREPLY=($(compgen -W "$next" -- "$cur"))
		return 0
	fi
	case $key in
	import | export) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
	policy | settings) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
	*) COMPREPLY=() ;;
	esac
	return 0
}
complete -F _doorstep_county doorstep-county
