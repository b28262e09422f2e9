#!/usr/bin/env bash
# The `paper`-size runs and GPU benchmarks, in order of priority, on a lent GPU machine.
#
#   bash benchmarks/gpu_paper.sh DATA RES [TWO_IN_ONE_SECONDS] [FULLRES_SECONDS]
#
# DATA: a data layout (the `small` set: `galaxy-nb synth --out DATA --preset small --seed 0`).
# RES:  a folder for everything that should outlive the machine: logs, benchmark JSON, run folders without
#       their weights, generated images, one `results.tgz` refreshed after every step.
# Steps: device facts; SRM inference (fp32 / channels-last / fp16); DCGAN LS BD training speed, fastai against a
# bare loop; DCGAN LS BD `paper` (500 epochs) and 100 drawn images; SRM `paper` (100 epochs) and 100 DCGAN LS BD
# + SRM images at full size; the 2-in-1 model's `paper` preset for at most TWO_IN_ONE_SECONDS (default 420);
# the plain DCGAN, MCGAN LS BD and MCGAN LS BD ROT (500 epochs each, 100 images each); the full-resolution
# WGAN-GP for at most FULLRES_SECONDS (default 540; its 200 epochs took about 7.5 minutes on an H100).
# On 2026-11-23 (H100) the first half took 11.5 minutes. `benchmarks/paper_eval.py` measures what comes back on
# a CPU; benchmarks/README.md has the figures.
set -u
DATA=$(realpath "$1"); RES=$(mkdir -p "$2" && realpath "$2"); T21=${3:-420}; TFR=${4:-540}
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
export PYTHONPATH="$ROOT:${PYTHONPATH:-}" PYTHONUNBUFFERED=1
GNB=(python3 -c 'import sys; from galaxy_nb.cli import main; sys.exit(main())')   # galaxy-nb, also under timeout
gnb() { "${GNB[@]}" "$@"; }
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$RES/steps.txt"; }
pack() { (cd "$RES" && tar czf results.tgz.tmp --exclude='*.safetensors' --exclude='*.pth' --exclude='*.pt' --exclude='results.tgz*' . \
          && mv results.tgz.tmp results.tgz); }
step() {   # step NAME command...: run, time, log its output, pack
    local name=$1; shift; log "start $name"; local t0=$SECONDS
    "$@" > "$RES/$name.log" 2>&1; local rc=$?
    log "end $name rc=$rc $((SECONDS - t0)) s"; pack; return $rc
}
nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 15 > "$RES/gpu_use.csv" 2>/dev/null &
SMI=$!
step device bash -c 'nvidia-smi; python3 -c "import torch, fastai; print(torch.__version__, fastai.__version__, torch.cuda.get_device_name())"'
step srm_bench python3 benchmarks/srm_throughput.py --device cuda --min-seconds 5
cp benchmarks/results/srm_throughput_cuda.json "$RES/" 2>/dev/null
step gan_bench python3 benchmarks/gan_throughput.py --preset paper --epochs 20 --data "$DATA"
cp benchmarks/results/gan_throughput_dcgan_paper_cuda.json "$RES/" 2>/dev/null
R=$RES/runs; mkdir -p "$R" "$RES/generated"
step dcgan_ls_bd gnb train --model dcgan --ls --bd --preset paper --data "$DATA" --out "$R/dcgan_ls_bd" --force \
  && step gen_dcgan gnb generate --model "$R/dcgan_ls_bd" --n 100 --out "$RES/generated/dcgan_ls_bd" --force
step srm gnb train --model srm --preset paper --data "$DATA" --out "$R/srm" --force \
  && step gen_srm gnb generate --model "$R/dcgan_ls_bd" --srm "$R/srm" --n 100 --out "$RES/generated/dcgan_ls_bd_srm" --force
step two_in_one timeout "$T21" "${GNB[@]}" train --model two-in-one --preset paper --data "$DATA" --out "$R/two_in_one" --force
[ -f "$R/two_in_one/metrics.json" ] && step gen_two_in_one gnb generate --model "$R/two_in_one" --n 100 \
  --out "$RES/generated/two_in_one" --force
for m in "dcgan dcgan" "mcgan_ls_bd mcgan --ls --bd" "mcgan_ls_bd_rot mcgan --ls --bd --rot"; do
  set -- $m; name=$1; shift
  step "$name" gnb train --model "$@" --preset paper --data "$DATA" --out "$R/$name" --force \
    && step "gen_$name" gnb generate --model "$R/$name" --n 100 --out "$RES/generated/$name" --force
done
step fullres timeout "$TFR" "${GNB[@]}" train --model fullres --preset paper --data "$DATA" --out "$R/fullres" --force
[ -f "$R/fullres/metrics.json" ] && step gen_fullres gnb generate --model "$R/fullres" --n 100 --out "$RES/generated/fullres" --force
kill $SMI 2>/dev/null; pack; log "all done"
