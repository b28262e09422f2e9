"""SRM inference throughput: 64x64 in, 1000x1000 out, images per second for the `quick` and `paper` presets.

The reference is plain fp32 in the default memory layout, measured in the same run; the variants are
channels-last and mixed precision (bf16 autocast on a CPU, fp16 autocast on a GPU), each reported as a ratio
to the reference. Weights are random (speed does not depend on them); outputs of the variants are compared
with the reference's (max absolute difference in 8-bit levels).

    python benchmarks/srm_throughput.py                  # CPU; writes results/srm_throughput_cpu.json
    python benchmarks/srm_throughput.py --device cuda    # GPU; results/srm_throughput_cuda.json
"""
import argparse, json, platform, time
from pathlib import Path
import numpy as np
import torch
from galaxy_nb.srm import SRM, srm_config, srm_levels, upsample_images

def bench(model, x64, size, device, bs, half, cl, min_s):
    m = model.to(device).eval()
    if cl: m = m.to(memory_format=torch.channels_last)
    kw = dict(size=size, bs=bs, device=device, half=half, channels_last=cl)
    out = upsample_images(m, x64[:bs], **kw)                        # warm-up (and the output to compare)
    if device.type == 'cuda': torch.cuda.synchronize()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < min_s or n < 2*bs:
        upsample_images(m, x64, **kw); n += len(x64)
        if device.type == 'cuda': torch.cuda.synchronize()
    return n/(time.perf_counter() - t0), out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='cpu'); ap.add_argument('--size', type=int, default=1000)
    ap.add_argument('--presets', nargs='*', default=['quick', 'paper']); ap.add_argument('--min-seconds', type=float, default=10.)
    ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--run', default=None, help='a trained SRM run folder: its weights, and real 64x64 views from --data, for the output differences')
    ap.add_argument('--data', default=None, help='data layout whose label-1 images (max-pooled) are the inputs with --run')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = torch.device(a.device); rows = []
    x64 = np.random.default_rng(0).integers(0, 256, (64, 64, 64)).astype(np.uint8)
    x64[x64 < 230] = 0                                              # a sparse, star-like input
    if a.data:
        from galaxy_nb.data import load_images, label1_paths, pad_pool
        x64 = pad_pool(load_images(label1_paths(a.data).iloc[:64], None), 64)
    for preset in a.presets:
        if a.run:
            from galaxy_nb.srm import SRMUpsampler
            up = SRMUpsampler(a.run, device=torch.device('cpu'), channels_last=False)
            if up.cfg.preset != preset: continue
            model = up.model
        else:
            cfg = srm_config(preset); torch.manual_seed(0)
            model = SRM(srm_levels(a.size)[0], cfg.ch, cfg.up_ch, cfg.n_blocks)
        bs = 4 if dev.type == 'cpu' else 16
        n_img = bs*(1 if (dev.type == 'cpu' and preset == 'paper') else 4)
        variants = [('fp32', False, False), ('fp32 channels-last', False, True),
                    ('bf16 autocast' if dev.type == 'cpu' else 'fp16 autocast', True, False),
                    ('bf16 autocast channels-last' if dev.type == 'cpu' else 'fp16 autocast channels-last', True, True)]
        ref_ips, ref_out = None, None
        for name, half, cl in variants:
            ips, out = bench(model, x64[:n_img], a.size, dev, bs, half, cl, a.min_seconds)
            if ref_ips is None: ref_ips, ref_out = ips, out
            rows.append(dict(preset=preset, variant=name, images_per_s=ips, ratio_to_fp32=ips/ref_ips,
                             max_abs_diff_levels=int(np.abs(out.astype(int) - ref_out.astype(int)).max())))
            print(rows[-1], flush=True)
    dname = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else platform.processor() or platform.machine()
    meta = dict(device=str(dev), device_name=dname, threads=torch.get_num_threads(), torch=torch.__version__, size=a.size,
                min_seconds=a.min_seconds, weights=a.run or 'random', inputs=a.data or 'random sparse')
    out = Path(__file__).parent/'results'/f"srm_throughput_{dev.type}{'_trained' if a.run else ''}.json"
    out.write_text(json.dumps(dict(meta=meta, rows=rows), indent=1))
    print(meta)
    for r in rows: print(f"{r['preset']:6s} {r['variant']:32s} {r['images_per_s']:9.3f} img/s  x{r['ratio_to_fp32']:.2f}  diff {r['max_abs_diff_levels']}")

if __name__ == '__main__': main()
