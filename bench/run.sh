#!/usr/bin/env bash
# Times clean builds of accord and Hugo on the same synthetic corpus, as whole processes,
# alternating them run by run, and prints medians, the ratio accord/Hugo and peak memory.
# Run by hand (see bench/README.md); never part of the tests.
#
#   bench/run.sh [--runs N] [--section-size S] [--seed X] [--no-hugo] PAGES LANGS
#   bench/run.sh [--runs N] --convention        # the repository's own site, accord only:
#       a clean build, a clean build without the search index, a rebuild with nothing
#       changed, and a rebuild after one translated article was edited
set -euo pipefail

runs=5
section_size=50
seed=1
hugo=1
convention=0
args=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --section-size) section_size=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --no-hugo) hugo=0; shift ;;
    --convention) convention=1; hugo=0; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
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
if ((hugo)); then
  command -v hugo >/dev/null || { echo "needs Hugo: apt-get install -y hugo" >&2; exit 2; }
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
    hugo --quiet --source "$corpus/hugo" --destination "$out_hugo" >/dev/null
  cat "$BENCH_OUT/time.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

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
    t=$(tr ' ' '\n' <<<"${times[$c]}" | grep . | median)
    m=$(tr ' ' '\n' <<<"${mems[$c]}" | grep . | median)
    awk -v l="${label[$c]}" -v t="$t" -v m="$m" -v p="$pages_built" \
      'BEGIN { printf "| %s | %.3f s | %.0f | %.0f MiB |\n", l, t, p / t, m / 1024 }'
  done
  exit 0
fi

echo "== warm-up (not counted)" >&2
run_accord >/dev/null
((hugo)) && run_hugo >/dev/null

a_times=() a_mem=() h_times=() h_mem=()
for ((i = 1; i <= runs; i++)); do
  read -r t m < <(run_accord)
  a_times+=("$t") a_mem+=("$m")
  line="run $i/$runs: accord ${t} s ${m} KiB"
  if ((hugo)); then
    read -r t m < <(run_hugo)
    h_times+=("$t") h_mem+=("$m")
    line+=", hugo ${t} s ${m} KiB"
  fi
  echo "$line" >&2
done

a_t=$(printf '%s\n' "${a_times[@]}" | median)
a_m=$(printf '%s\n' "${a_mem[@]}" | median)
pages_built=$(find "$out_accord" -name '*.html' | wc -l)
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"

echo
echo "corpus: $name ($pages_built HTML files from accord), $runs runs each, medians; machine: $machine"
if ((hugo)); then
  h_t=$(printf '%s\n' "${h_times[@]}" | median)
  h_m=$(printf '%s\n' "${h_mem[@]}" | median)
  hugo_version=$(hugo version | awk '{ print $2 }')
  awk -v n="$name" -v at="$a_t" -v am="$a_m" -v ht="$h_t" -v hm="$h_m" -v hv="$hugo_version" 'BEGIN {
    printf "| corpus | accord | Hugo %s | accord/Hugo | accord peak | Hugo peak |\n", hv
    printf "| --- | --- | --- | --- | --- | --- |\n"
    printf "| %s | %.2f s | %.2f s | %.2f (%.1f× faster) | %.0f MiB | %.0f MiB |\n",
      n, at, ht, at / ht, ht / at, am / 1024, hm / 1024
  }'
else
  awk -v n="$name" -v at="$a_t" -v am="$a_m" -v p="$pages_built" 'BEGIN {
    printf "| corpus | accord | pages/s | accord peak |\n| --- | --- | --- | --- |\n"
    printf "| %s | %.3f s | %.0f | %.0f MiB |\n", n, at, p / at, am / 1024
  }'
fi
