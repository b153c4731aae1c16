import { describe, expect, it } from 'vitest';
import { invert, solve } from './linalg';
import { bfgs, nelderMead, numericHessian } from './optimize';

it('finds the minimum (1, 1) of the Rosenbrock function (1 − x)² + 100(y − x²)²', () => {
  const rosen = ([x, y]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const result = nelderMead(rosen, [-1.2, 1]);
  expect(result.converged).toBe(true);
  expect(result.x[0]).toBeCloseTo(1, 5);
  expect(result.x[1]).toBeCloseTo(1, 5);
});

it('minimises a 4-d quadratic Σ i·(xᵢ − i)² to xᵢ = i', () => {
  const f = (x: number[]) => x.reduce((s, v, i) => s + (i + 1) * (v - (i + 1)) ** 2, 0);
  const result = nelderMead(f, [0, 0, 0, 0]);
  result.x.forEach((v, i) => {
    expect(v).toBeCloseTo(i + 1, 5);
  });
});

it('treats NaN outside the domain as +∞ and stays inside', () => {
  const f = ([x]: number[]) => (x <= 0 ? NaN : x - Math.log(x)); // minimum at x = 1
  expect(nelderMead(f, [3]).x[0]).toBeCloseTo(1, 5);
});

it('numeric Hessian of x² + 3xy + 2y² is [[2, 3], [3, 4]]', () => {
  const H = numericHessian(([x, y]) => x * x + 3 * x * y + 2 * y * y, [0.7, -1.3]);
  expect(H[0][0]).toBeCloseTo(2, 5);
  expect(H[0][1]).toBeCloseTo(3, 5);
  expect(H[1][0]).toBeCloseTo(3, 5);
  expect(H[1][1]).toBeCloseTo(4, 5);
});

it('solves [[2, 1], [1, 3]]·x = [3, 5] → x = (0.8, 1.4) and inverts to [[0.6, −0.2], [−0.2, 0.4]]', () => {
  const x = solve(
    [
      [2, 1],
      [1, 3],
    ],
    [3, 5],
  ); // det 5: x = (3·3 − 5)/5, y = (2·5 − 3)/5
  expect(x[0]).toBeCloseTo(0.8, 12);
  expect(x[1]).toBeCloseTo(1.4, 12);
  const inv = invert([
    [2, 1],
    [1, 3],
  ]);
  expect(inv).toEqual([
    [expect.closeTo(0.6, 12), expect.closeTo(-0.2, 12)],
    [expect.closeTo(-0.2, 12), expect.closeTo(0.4, 12)],
  ]);
  expect(() =>
    solve(
      [
        [1, 2],
        [2, 4],
      ],
      [1, 1],
    ),
  ).toThrow(/singular/);
});

it('stops inside a box and reports the coordinate at its edge: min of (x − 10)² on [−5, 5] is at 5', () => {
  const result = nelderMead(([x]) => (x - 10) ** 2, [0], { bounds: [-5, 5] });
  expect(result.x[0]).toBeCloseTo(5, 3);
  expect(result.atBound).toEqual([0]);
});

it('stops on a noisy plateau instead of running to maxIterations', () => {
  // x² plus rounding-like noise of 1e-9: the simplex cannot shrink below the noise.
  let k = 0;
  const noisy = ([x, y]: number[]) => x * x + y * y + 1e-9 * Math.sin(1e6 * x + k++);
  const result = nelderMead(noisy, [1, 1], { maxIterations: 100_000 });
  expect(result.converged).toBe(true);
  expect(result.iterations).toBeLessThan(10_000);
  expect(Math.hypot(result.x[0], result.x[1])).toBeLessThan(1e-3);
});

describe('bfgs', () => {
  const rosen = ([x, y]: number[]) => ({
    f: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    g: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  });

  it('finds the Rosenbrock minimum (1, 1) in far fewer evaluations than Nelder–Mead', () => {
    const result = bfgs(rosen, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    const nm = nelderMead((v) => rosen(v).f, [-1.2, 1]);
    expect(result.evaluations).toBeLessThan(nm.evaluations / 2);
  });

  it('minimises the quadratic ½xᵀAx − bᵀx with A = [[3, 1], [1, 2]], b = (1, 1) at A⁻¹b = (0.2, 0.4)', () => {
    const fg = ([x, y]: number[]) => ({
      f: 0.5 * (3 * x * x + 2 * x * y + 2 * y * y) - x - y,
      g: [3 * x + y - 1, x + 2 * y - 1],
    });
    const result = bfgs(fg, [5, -5]);
    expect(result.x[0]).toBeCloseTo(0.2, 8);
    expect(result.x[1]).toBeCloseTo(0.4, 8);
  });

  it('keeps to the box: min of (x − 10)² on [−5, 5] ends at the edge', () => {
    const result = bfgs(([x]) => ({ f: (x - 10) ** 2, g: [2 * (x - 10)] }), [0], { bounds: [-5, 5] });
    expect(result.x[0]).toBeGreaterThan(4.5);
    expect(result.x[0]).toBeLessThanOrEqual(5);
    expect(result.atBound).toEqual([0]);
  });
});
