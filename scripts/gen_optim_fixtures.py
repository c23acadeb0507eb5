#!/usr/bin/python3
"""Golden files for test/optim/ from real PyTorch 1.13.1 (torch.optim and torch.optim.lr_scheduler).

Run with the system interpreter that has python3-torch:
    /usr/bin/python3 scripts/gen_optim_fixtures.py

Writes into test/fixtures/optim/:
  optimizers.json  for each optimizer configuration: the parameter trajectory of a small fixed MLP
                   over 20 steps; a 'replay' trajectory of one vector driven by given gradients (pure
                   optimizer arithmetic, expected bit for bit); the state_dict after 10 steps (values
                   included, to load into torchlet) and its layout after 20; the optimizer's repr
  schedulers.json  lr (and momentum) sequences of each scheduler over 30 steps, closed forms via
                   step(epoch), and the scheduler state_dict keys
  errors.json      messages PyTorch raises for bad options
"""
import math
import re

import numpy as np  # noqa: F401  (float32 str() gives the shortest round-trip digits)
import torch

from fixture_files import fixture_path, write_json

STEPS = 20
SNAPSHOT_STEP = 10

torch.set_num_threads(1)


def camel(name):
    if name in ('T_max', 'T_0', 'T_mult'):
        return {'T_max': 'tMax', 'T_0': 't0', 'T_mult': 'tMult'}[name]
    return re.sub(r'_([a-z0-9])', lambda m: m.group(1).upper(), name)


def jsonable(v):
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, float) and math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def flat(t):
    # float32 values as their shortest decimal (what Math.fround reads back exactly), about half the size
    # of the double's repr.
    return [float(str(x)) for x in t.detach().reshape(-1).numpy()]


# ---- the shared problems --------------------------------------------------------------------------

gen = torch.Generator().manual_seed(20240601)
X = torch.randn(8, 2, generator=gen)
Y = (torch.sin(X[:, :1] * 2) + 0.5 * X[:, 1:]).detach()
INIT = [
    (torch.randn(4, 2, generator=gen) * 0.7),
    (torch.randn(4, generator=gen) * 0.1),
    (torch.randn(1, 4, generator=gen) * 0.7),
    (torch.randn(1, generator=gen) * 0.1),
]
REPLAY_INIT = torch.randn(5, generator=gen)
REPLAY_GRADS = torch.randn(STEPS, 5, generator=gen)
REPLAY_GRADS[3, 2] = 0.0  # a zero gradient element exercises the sign/zero paths


def mlp_params():
    return [p.clone().requires_grad_(True) for p in INIT]


def mlp_loss(ps):
    w1, b1, w2, b2 = ps
    h = torch.tanh(X.matmul(w1.t()) + b1)
    out = h.matmul(w2.t()) + b2
    return (out - Y).pow(2).mean()


# ---- optimizers ---------------------------------------------------------------------------------

OPTIMIZERS = [
    ('sgd', 'SGD', dict(lr=0.1)),
    ('sgd_momentum', 'SGD', dict(lr=0.05, momentum=0.9)),
    ('sgd_dampening_wd', 'SGD', dict(lr=0.05, momentum=0.8, dampening=0.1, weight_decay=0.01)),
    ('sgd_nesterov', 'SGD', dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001)),
    ('sgd_maximize', 'SGD', dict(lr=0.01, momentum=0.5, maximize=True)),
    ('adam', 'Adam', dict(lr=0.01)),
    ('adam_betas_wd', 'Adam', dict(lr=0.02, betas=(0.8, 0.99), weight_decay=0.1, eps=1e-6)),
    ('adam_amsgrad', 'Adam', dict(lr=0.01, amsgrad=True)),
    ('adam_maximize', 'Adam', dict(lr=0.005, maximize=True)),
    ('adamw', 'AdamW', dict(lr=0.01)),
    ('adamw_amsgrad_wd', 'AdamW', dict(lr=0.02, weight_decay=0.1, amsgrad=True)),
    ('adagrad', 'Adagrad', dict(lr=0.1)),
    ('adagrad_options', 'Adagrad', dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)),
    ('adagrad_maximize', 'Adagrad', dict(lr=0.05, maximize=True)),
    ('rmsprop', 'RMSprop', dict(lr=0.01, alpha=0.9)),
    ('rmsprop_centered', 'RMSprop', dict(lr=0.01, centered=True)),
    ('rmsprop_momentum', 'RMSprop', dict(lr=0.01, momentum=0.9)),
    ('rmsprop_all', 'RMSprop', dict(lr=0.005, alpha=0.95, centered=True, momentum=0.5, weight_decay=0.1, maximize=False)),
    ('adadelta', 'Adadelta', dict()),
    ('adadelta_options', 'Adadelta', dict(lr=0.5, rho=0.8, weight_decay=0.1)),
    ('adamax', 'Adamax', dict(lr=0.01)),
    ('adamax_wd', 'Adamax', dict(lr=0.02, betas=(0.8, 0.99), weight_decay=0.1)),
    ('nadam', 'NAdam', dict(lr=0.01)),
    ('nadam_options', 'NAdam', dict(lr=0.02, weight_decay=0.1, momentum_decay=0.01)),
    ('radam', 'RAdam', dict(lr=0.01)),
    ('radam_wd', 'RAdam', dict(lr=0.02, betas=(0.8, 0.95), weight_decay=0.1)),
    ('asgd', 'ASGD', dict(lr=0.05, lambd=1e-3, t0=5)),
    ('asgd_wd', 'ASGD', dict(lr=0.05, alpha=0.5, t0=3, weight_decay=0.1)),
    ('rprop', 'Rprop', dict(lr=0.01)),
    ('rprop_options', 'Rprop', dict(lr=0.02, etas=(0.4, 1.3), step_sizes=(1e-4, 0.05))),
]

# Parameter groups: weights and biases apart, with their own hyperparameters.
GROUPED = [
    ('sgd_groups', 'SGD', dict(lr=0.1, momentum=0.9), [dict(params=[0, 2]), dict(params=[1, 3], lr=0.05, momentum=0.5)]),
    ('adam_groups', 'Adam', dict(lr=0.01), [dict(params=[0, 2], weight_decay=0.1), dict(params=[1, 3], lr=0.02, amsgrad=True)]),
]


def describe_value(v, with_values):
    if isinstance(v, torch.Tensor):
        d = {'tensor': list(v.shape), 'dtype': str(v.dtype)[6:]}
        if with_values:
            d['data'] = flat(v)
        return d
    return jsonable(v)


def describe_state_dict(sd, with_values):
    return {
        'state': {str(k): {key: describe_value(val, with_values) for key, val in s.items()} for k, s in sd['state'].items()},
        'param_groups': [{k: jsonable(v) for k, v in g.items()} for g in sd['param_groups']],
    }


def make_optimizer(cls, ps, kwargs, groups):
    if groups is None:
        return getattr(torch.optim, cls)(ps, **kwargs)
    gs = [dict({k: v for k, v in g.items() if k != 'params'}, params=[ps[i] for i in g['params']]) for g in groups]
    return getattr(torch.optim, cls)(gs, **kwargs)


def run_optimizer(name, cls, kwargs, groups=None):
    ps = mlp_params()
    opt = make_optimizer(cls, ps, kwargs, groups)
    trajectory, losses, snapshot = [], [], None
    for step in range(1, STEPS + 1):
        opt.zero_grad()
        loss = mlp_loss(ps)
        loss.backward()
        opt.step()
        losses.append(float(loss))
        trajectory.append([x for p in ps for x in flat(p)])
        if step == SNAPSHOT_STEP:
            snapshot = describe_state_dict(opt.state_dict(), True)
    layout = describe_state_dict(opt.state_dict(), False)

    r = REPLAY_INIT.clone().requires_grad_(True)
    ropt = make_optimizer(cls, [r], kwargs, None)
    replay = []
    for step in range(STEPS):
        r.grad = REPLAY_GRADS[step].clone()
        ropt.step()
        replay.append(flat(r))

    entry = {
        'name': name,
        'optimizer': cls,
        'options': {camel(k): jsonable(v) for k, v in kwargs.items()},
        'trajectory': trajectory,
        'losses': losses,
        'snapshot': snapshot,
        'layout': layout,
        'replay': replay,
        'repr': repr(opt),
    }
    if groups is not None:
        entry['groups'] = [{camel(k): jsonable(v) for k, v in g.items()} for g in groups]
    return entry


def optimizers_fixture():
    entries = [run_optimizer(*c) for c in OPTIMIZERS] + [run_optimizer(*c) for c in GROUPED]
    # Adagrad fills its state at construction: the layout before any step.
    fresh = torch.optim.Adagrad(mlp_params(), lr=0.1)
    return {
        'x': [flat(row) for row in X],
        'y': flat(Y),
        'init': [{'shape': list(p.shape), 'data': flat(p)} for p in INIT],
        'replayInit': flat(REPLAY_INIT),
        'replayGrads': [flat(g) for g in REPLAY_GRADS],
        'steps': STEPS,
        'snapshotStep': SNAPSHOT_STEP,
        'entries': entries,
        'adagradFresh': describe_state_dict(fresh.state_dict(), True),
        'defaultReprs': {
            cls: repr(getattr(torch.optim, cls)([torch.zeros(2, requires_grad=True)], **({'lr': 0.1} if cls == 'SGD' else {})))
            for cls in ['SGD', 'Adam', 'AdamW', 'Adagrad', 'RMSprop', 'Adadelta', 'Adamax', 'NAdam', 'RAdam', 'ASGD', 'Rprop']
        },
    }


# ---- schedulers -------------------------------------------------------------------------------------

S = torch.optim.lr_scheduler
SCHED_STEPS = 30

# (name, optimizer class, optimizer kwargs, scheduler class, positional args, scheduler kwargs)
SCHEDULERS = [
    ('step', 'SGD', dict(lr=0.1), 'StepLR', [4], dict(gamma=0.5)),
    ('step_default_gamma', 'SGD', dict(lr=0.1), 'StepLR', [3], dict()),
    ('multistep', 'SGD', dict(lr=0.1), 'MultiStepLR', [[5, 12, 12, 20]], dict(gamma=0.3)),
    ('exponential', 'SGD', dict(lr=0.1), 'ExponentialLR', [0.9], dict()),
    ('cosine', 'SGD', dict(lr=0.1), 'CosineAnnealingLR', [10], dict(eta_min=0.001)),
    ('cosine_default', 'Adam', dict(lr=0.01), 'CosineAnnealingLR', [7], dict()),
    ('lambda', 'SGD', dict(lr=0.1), 'LambdaLR', ['0.95 ** epoch'], dict()),
    ('multiplicative', 'SGD', dict(lr=0.1), 'MultiplicativeLR', ['0.95'], dict()),
    ('linear', 'SGD', dict(lr=0.1), 'LinearLR', [], dict(start_factor=0.25, end_factor=1.0, total_iters=8)),
    ('constant', 'SGD', dict(lr=0.1), 'ConstantLR', [], dict(factor=0.5, total_iters=6)),
    ('polynomial', 'SGD', dict(lr=0.1), 'PolynomialLR', [], dict(total_iters=12, power=2.0)),
    ('warm_restarts', 'SGD', dict(lr=0.1), 'CosineAnnealingWarmRestarts', [5], dict(T_mult=2, eta_min=0.001)),
    ('onecycle', 'SGD', dict(lr=0.1, momentum=0.9), 'OneCycleLR', [], dict(max_lr=0.5, total_steps=30)),
    ('onecycle_adam_linear', 'Adam', dict(lr=0.001), 'OneCycleLR', [], dict(
        max_lr=0.01, epochs=3, steps_per_epoch=10, pct_start=0.25, anneal_strategy='linear', div_factor=10.0,
        final_div_factor=100.0)),
    ('onecycle_three_phase', 'SGD', dict(lr=0.1, momentum=0.9), 'OneCycleLR', [], dict(
        max_lr=0.3, total_steps=30, three_phase=True, cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)),
    ('onecycle_no_momentum', 'Adam', dict(lr=0.001), 'OneCycleLR', [], dict(max_lr=0.05, total_steps=30, cycle_momentum=False)),
    ('cyclic', 'SGD', dict(lr=0.1, momentum=0.9), 'CyclicLR', [], dict(base_lr=0.01, max_lr=0.1, step_size_up=4, step_size_down=6)),
    ('cyclic_triangular2', 'SGD', dict(lr=0.1, momentum=0.9), 'CyclicLR', [], dict(base_lr=0.01, max_lr=0.1, step_size_up=3, mode='triangular2')),
    ('cyclic_exp_range', 'SGD', dict(lr=0.1, momentum=0.9), 'CyclicLR', [], dict(base_lr=0.01, max_lr=0.1, step_size_up=3, mode='exp_range', gamma=0.9)),
]

PLATEAU_METRICS = [1.0, 0.9, 0.85, 0.86, 0.87, 0.84, 0.85, 0.85, 0.86, 0.83, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,
                   0.9, 0.9, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77, 0.78, 0.79]

PLATEAUS = [
    ('plateau_min', dict(mode='min', factor=0.5, patience=2)),
    ('plateau_max_abs', dict(mode='max', factor=0.2, patience=1, threshold=0.01, threshold_mode='abs', cooldown=2, min_lr=0.002)),
    ('plateau_cooldown', dict(patience=0, cooldown=1, factor=0.7, eps=1e-3)),
]


def lambda_of(text):
    return eval('lambda epoch: ' + text)  # the fixture carries the same expression for the JS side


def scheduler_run(name, ocls, okw, scls, args, skw):
    p = torch.zeros(2, requires_grad=True)
    opt = getattr(torch.optim, ocls)([p], **okw)
    real_args = [lambda_of(a) if scls in ('LambdaLR', 'MultiplicativeLR') else a for a in args]
    sched = getattr(S, scls)(opt, *real_args, **skw)
    lrs = [sched.get_last_lr()[0]]
    momenta = [momentum_of(opt)]
    for _ in range(SCHED_STEPS):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
        momenta.append(momentum_of(opt))
    entry = {
        'name': name, 'optimizer': ocls, 'optimizerOptions': {camel(k): jsonable(v) for k, v in okw.items()},
        'scheduler': scls, 'args': args, 'options': {camel(k): jsonable(v) for k, v in skw.items()},
        'lrs': lrs, 'momenta': momenta,
        'stateDictKeys': sorted(sched.state_dict().keys()),
        'stateDict': plain_state(sched.state_dict()),
        'groupKeys': sorted(k for k in opt.param_groups[0].keys() if k != 'params'),
    }
    if hasattr(sched, '_get_closed_form_lr'):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            p2 = torch.zeros(2, requires_grad=True)
            opt2 = getattr(torch.optim, ocls)([p2], **okw)
            sched2 = getattr(S, scls)(opt2, *real_args, **skw)
            closed = []
            for epoch in [3, 7, 1, 12, 20, 12]:
                sched2.step(epoch)
                closed.append([epoch, sched2.get_last_lr()[0]])
            entry['closedForm'] = closed
    return entry


def plain_state(sd):
    """The JSON-able part of a scheduler state_dict (bound methods and weak references left out)."""
    out = {}
    for k, v in sd.items():
        if callable(v) or k.startswith('_scale_fn'):
            continue
        if isinstance(v, dict):  # MultiStepLR's Counter
            v = {str(m): c for m, c in v.items()}
        out[k] = jsonable(v)
    return out


def momentum_of(opt):
    g = opt.param_groups[0]
    if 'betas' in g:
        return g['betas'][0]
    return g.get('momentum')


def plateau_run(name, kw):
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = S.ReduceLROnPlateau(opt, **kw)
    lrs = []
    for m in PLATEAU_METRICS:
        opt.step()
        sched.step(m)
        lrs.append(opt.param_groups[0]['lr'])
    return {'name': name, 'options': {camel(k): jsonable(v) for k, v in kw.items()}, 'metrics': PLATEAU_METRICS,
            'lrs': lrs, 'stateDictKeys': sorted(sched.state_dict().keys())}


def sequential_run():
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    s1 = S.LinearLR(opt, start_factor=0.1, total_iters=4)
    s2 = S.ExponentialLR(opt, gamma=0.9)
    seq = S.SequentialLR(opt, [s1, s2], milestones=[5])
    lrs = [seq.get_last_lr()[0]]
    for _ in range(SCHED_STEPS):
        opt.step()
        seq.step()
        lrs.append(seq.get_last_lr()[0])
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    c1 = S.ConstantLR(opt, factor=0.5, total_iters=5)
    c2 = S.ExponentialLR(opt, gamma=0.9)
    chain = S.ChainedScheduler([c1, c2])
    chained = [chain.get_last_lr()[0]]
    for _ in range(SCHED_STEPS):
        opt.step()
        chain.step()
        chained.append(chain.get_last_lr()[0])
    return {'sequential': lrs, 'chained': chained}


def schedulers_fixture():
    return {
        'steps': SCHED_STEPS,
        'entries': [scheduler_run(*c) for c in SCHEDULERS],
        'plateaus': [plateau_run(*c) for c in PLATEAUS],
        'composed': sequential_run(),
    }


# ---- errors -----------------------------------------------------------------------------------------

BAD_OPTIONS = [
    ('SGD', dict(lr=-1)),
    ('SGD', dict(lr=0.1, momentum=-0.5)),
    ('SGD', dict(lr=0.1, weight_decay=-0.1)),
    ('SGD', dict(lr=0.1, nesterov=True)),
    ('SGD', dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)),
    ('Adam', dict(lr=-0.001)),
    ('Adam', dict(betas=(1.5, 0.999))),
    ('Adam', dict(betas=(0.9, 1))),  # an int: JavaScript cannot print 1 as 1.0
    ('Adam', dict(eps=-1)),
    ('Adam', dict(weight_decay=-1)),
    ('AdamW', dict(betas=(-0.1, 0.999))),
    ('Adagrad', dict(lr_decay=-1)),
    ('Adagrad', dict(initial_accumulator_value=-1)),
    ('Adagrad', dict(eps=-1e-10)),
    ('RMSprop', dict(alpha=-0.5)),
    ('RMSprop', dict(momentum=-1)),
    ('Adadelta', dict(rho=1.5)),
    ('Adamax', dict(betas=(0.9, 2))),
    ('NAdam', dict(momentum_decay=-1)),
    ('Rprop', dict(etas=(1.5, 1.2))),
]


def errors_fixture():
    out = []
    p = torch.zeros(2, requires_grad=True)
    for cls, kw in BAD_OPTIONS:
        try:
            getattr(torch.optim, cls)([p], **kw)
            raise AssertionError(f'{cls} {kw} did not raise')
        except ValueError as e:
            out.append({'optimizer': cls, 'options': {camel(k): jsonable(v) for k, v in kw.items()}, 'message': str(e)})
    general = {}
    try:
        torch.optim.SGD([], lr=0.1)
    except ValueError as e:
        general['empty'] = str(e)
    try:
        torch.optim.SGD([{'params': [p]}, {'params': [p]}], lr=0.1)
    except ValueError as e:
        general['duplicate'] = str(e)
    try:
        torch.optim.SGD([p * 2], lr=0.1)
    except ValueError as e:
        general['nonLeaf'] = str(e)
    try:
        torch.optim.SGD(p, lr=0.1)
    except TypeError as e:
        general['tensor'] = str(e)
    try:
        torch.optim.SGD([p])
    except ValueError as e:
        general['required'] = str(e)
    opt = torch.optim.SGD([p], lr=0.1)
    try:
        opt.load_state_dict({'state': {}, 'param_groups': []})
    except ValueError as e:
        general['groupCount'] = str(e)
    try:
        opt.load_state_dict({'state': {}, 'param_groups': [{'lr': 0.1, 'params': [0, 1]}]})
    except ValueError as e:
        general['groupSize'] = str(e)
    return {'badOptions': out, 'general': general}


def write(name, value):
    write_json(fixture_path('optim', name), value)


if __name__ == '__main__':
    write('optimizers.json', optimizers_fixture())
    write('schedulers.json', schedulers_fixture())
    write('errors.json', errors_fixture())
