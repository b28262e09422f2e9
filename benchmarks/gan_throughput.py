"""Training throughput of the GANs (real images per second) on this machine's device, against a plain PyTorch
loop over the same modules in the same run.

The reference trains the same generator and critic with the same losses, one critic step and one generator
step per batch, in a bare `for` loop (no fastai callbacks, no checkpoints). Both count real images through the
critic per second; the ratio says what fastai's `GANLearner` and our callbacks cost.

    python benchmarks/gan_throughput.py                         # DCGAN LS BD, paper preset, a few epochs
    python benchmarks/gan_throughput.py --preset quick --epochs 20
    python benchmarks/gan_throughput.py --model fullres --preset quick --epochs 1

On a GPU machine (see benchmarks/README.md) the same command records the device in the JSON result.
"""
import argparse, json, platform, tempfile, time, warnings
from pathlib import Path
import torch
from galaxy_nb.core import default_device, seed_everything
from galaxy_nb.gan import gan_config, build_gan, GANData, label1_images, train_gan
from galaxy_nb.layers import gradient_penalty
from galaxy_nb.synth import synth

def reference_loop(cfg, imgs, cond, epochs:int) -> float:
    "Real images per second of a bare PyTorch loop over the same modules and losses."
    seed_everything(cfg.seed); dev = default_device()
    G, C = (m.to(dev) for m in build_gan(cfg))
    gl, cl = cfg.losses()
    og = torch.optim.Adam(G.parameters(), cfg.lr, betas=(cfg.beta1, cfg.beta2))
    oc = torch.optim.Adam(C.parameters(), cfg.lr, betas=(cfg.beta1, cfg.beta2))
    dl = torch.utils.data.DataLoader(GANData(imgs, cfg.nz, cond, cfg.rot), batch_size=min(cfg.bs, len(imgs)), shuffle=True, drop_last=True)
    n, t0 = 0, time.perf_counter()
    for _ in range(epochs):
        for i, (z, x) in enumerate(dl):
            z, x = z.to(dev), x.to(dev)
            if i % (cfg.n_crit + 1) < cfg.n_crit:                       # n_crit critic steps, then one generator step
                fake = G(z).detach(); loss = cl(C(x), C(fake))
                if cfg.gp: loss = loss + gradient_penalty(C, x, fake, cfg.gp)
                oc.zero_grad(); loss.backward(); oc.step()
            else:
                loss = gl(C(G(z)), None, None); og.zero_grad(); loss.backward(); og.step()
            n += len(x)
    if dev.type == 'cuda': torch.cuda.synchronize()
    return n/(time.perf_counter() - t0)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='dcgan'); ap.add_argument('--preset', default='paper')
    ap.add_argument('--epochs', type=int, default=3); ap.add_argument('--data', default=None)
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    tmp = Path(tempfile.mkdtemp())
    data = Path(a.data) if a.data else tmp/'small'
    if not a.data: synth(data, 'small', seed=0, progress=False)
    opts = dict(ls=True, bd=True) if a.model != 'fullres' else {}
    cfg = gan_config(a.model, a.preset, epochs=a.epochs, **opts)
    imgs, _ = label1_images(data, cfg.work_size)
    cfg.size = int(imgs.shape[-1])
    cond = cfg.condition(imgs)[0]
    ref = reference_loop(cfg, imgs, cond, a.epochs)
    m = train_gan(data, tmp/'run', a.model, a.preset, epochs=a.epochs, progress=False, **opts)
    dev = default_device()
    res = dict(model=a.model, preset=a.preset, options=opts, epochs=a.epochs, n_images=len(imgs), size=int(imgs.shape[-1]),
               device=torch.cuda.get_device_name() if dev.type == 'cuda' else f'cpu ({torch.get_num_threads()} threads)',
               fastai_images_per_s=m['images_per_s'], reference_images_per_s=ref, ratio=m['images_per_s']/ref,
               seconds=m['seconds'], torch=torch.__version__, python=platform.python_version())
    for k, v in res.items(): print(f'{k:>24}: {v:.2f}' if isinstance(v, float) else f'{k:>24}: {v}')
    out = Path(__file__).parent/'results'/f'gan_throughput_{a.model}_{a.preset}_{dev.type}.json'
    out.write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
