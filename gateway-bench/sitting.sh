#!/usr/bin/env bash
# Every gateway-bench scenario once, in one sitting, with the load average printed before each: the run
# behind "One quiet sitting" in docs/performance.md. Run it from the repository root on an otherwise idle
# machine, after `./mvnw -B -pl gateway-server,gateway-bench -am package -DskipTests`.
# Usage: gateway-bench/sitting.sh [output-dir]     (about 20 minutes on 2 cores; the Dovecot run needs apt-get install -y dovecot-imapd)
# With SITTING_PAUSE_DAMON=1 (root) the kernel's DAMON monitors are paused for the sitting and started again at its
# end: on a VM whose image runs one, its samples stall the gateway twice a second (docs/performance.md, "The
# kernel's DAMON monitor"). Every RESULT line says damon=on|off|none either way.
set -u
out=${1:-target/sitting-$(date -u +%Y%m%d-%H%M)}
mkdir -p "$out"
kdamonds=/sys/kernel/mm/damon/admin/kdamonds
if [ "${SITTING_PAUSE_DAMON:-0}" = 1 ]; then
  paused=$(grep -l '^on$' $kdamonds/*/state 2>/dev/null)
  for s in $paused; do echo off > "$s"; done
  trap 'for s in $paused; do echo on > "$s"; done' EXIT
fi
jar=gateway-bench/target/gateway-bench.jar
run() {
  local name=$1; shift
  echo "== $name $(date -u +%H:%M:%S) $(uptime)" | tee -a "$out/all.log"
  timeout 900 java -jar "$jar" "$@" > "$out/$name.out" 2> "$out/$name.err"
  grep RESULT "$out/$name.out" | tee -a "$out/all.log"
}
{ git log --oneline -1; echo "cores: $(nproc)"; echo "damon: $(cat $kdamonds/*/state 2>/dev/null | tr '\n' ' ')"; } | tee "$out/all.log"
run simulate simulate --charts="$out"
run simulate-flat simulate --profile=flat
run chat chat
run chat-sweep chat-sweep --chart="$out/chat-latency.png"
run sms sms
run sms-new-senders sms --rate=600 --new-senders --follow-ups=3 --warmup-max=60s
run email email
run imap imap
if command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ]; then run imap-dovecot imap --imap-server=dovecot; fi
run connections connections --connections=19000 --push-timeout=180s
run surge surge --conversations=100000
run recovery recovery --conversations=1000000 --waiting=100000
run jmh jmh
run surge-small surge --conversations=2000
run incident incident
echo "== done $(date -u +%H:%M:%S) $(uptime)" | tee -a "$out/all.log"
