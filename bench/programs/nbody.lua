-- nbody: Jovian planets simulation (symplectic integrator, as in the
-- Computer Language Benchmarks Game).
-- Measures: float arithmetic, field reads/writes on small tables (string keys),
-- nested loops over an array of tables, math.sqrt.
-- Size: number of integration steps.
-- Quick: 1000  (small size for smoke tests; the default below is the benchmark size)
-- Check: the initial energy is a known constant, energy is conserved to
-- within 1e-4 over the run, and known final energies for a few sizes.
local n = tonumber(arg and arg[1]) or 800000

-- [n] = energy after n steps (1000 is the Benchmarks Game reference output)
local KNOWN = { [1000] = "-0.169087605", [200000] = "-0.169083713", [800000] = "-0.169091770" }

local PI = 3.141592653589793
local SOLAR_MASS = 4 * PI * PI
local DAYS_PER_YEAR = 365.24

local function body(x, y, z, vx, vy, vz, mass)
  return {
    x = x, y = y, z = z,
    vx = vx * DAYS_PER_YEAR, vy = vy * DAYS_PER_YEAR, vz = vz * DAYS_PER_YEAR,
    mass = mass * SOLAR_MASS,
  }
end

local bodies = {
  body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0), -- sun
  body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
       9.54791938424326609e-04), -- jupiter
  body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
       2.85885980666130812e-04), -- saturn
  body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
       4.36624404335156298e-05), -- uranus
  body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
       5.15138902046611451e-05), -- neptune
}

local function advance(bs, nb, dt)
  local sqrt = math.sqrt
  for i = 1, nb do
    local bi = bs[i]
    local bix, biy, biz, bimass = bi.x, bi.y, bi.z, bi.mass
    local bivx, bivy, bivz = bi.vx, bi.vy, bi.vz
    for j = i + 1, nb do
      local bj = bs[j]
      local dx, dy, dz = bix - bj.x, biy - bj.y, biz - bj.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      local bm = bj.mass * mag
      bivx = bivx - dx * bm
      bivy = bivy - dy * bm
      bivz = bivz - dz * bm
      bm = bimass * mag
      bj.vx = bj.vx + dx * bm
      bj.vy = bj.vy + dy * bm
      bj.vz = bj.vz + dz * bm
    end
    bi.vx = bivx
    bi.vy = bivy
    bi.vz = bivz
    bi.x = bix + dt * bivx
    bi.y = biy + dt * bivy
    bi.z = biz + dt * bivz
  end
end

local function energy(bs, nb)
  local sqrt = math.sqrt
  local e = 0.0
  for i = 1, nb do
    local bi = bs[i]
    local vx, vy, vz, bim = bi.vx, bi.vy, bi.vz, bi.mass
    e = e + 0.5 * bim * (vx * vx + vy * vy + vz * vz)
    for j = i + 1, nb do
      local bj = bs[j]
      local dx, dy, dz = bi.x - bj.x, bi.y - bj.y, bi.z - bj.z
      e = e - bim * bj.mass / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function offset_momentum(bs, nb)
  local px, py, pz = 0.0, 0.0, 0.0
  for i = 1, nb do
    local bi = bs[i]
    local bim = bi.mass
    px = px + bi.vx * bim
    py = py + bi.vy * bim
    pz = pz + bi.vz * bim
  end
  bs[1].vx = -px / SOLAR_MASS
  bs[1].vy = -py / SOLAR_MASS
  bs[1].vz = -pz / SOLAR_MASS
end

local nb = #bodies
offset_momentum(bodies, nb)
local e0 = energy(bodies, nb)
for _ = 1, n do advance(bodies, nb, 0.01) end
local e1 = energy(bodies, nb)

local s0, s1 = string.format("%0.9f", e0), string.format("%0.9f", e1)
if s0 ~= "-0.169075164" then error("nbody: initial energy " .. s0) end
if math.abs(e1 - e0) > 1e-4 or e1 ~= e1 then error("nbody: energy not conserved: " .. s1) end
if KNOWN[n] and KNOWN[n] ~= s1 then
  error(string.format("nbody: n=%d energy %s, expected %s", n, s1, KNOWN[n]))
end
print(string.format("ok nbody n=%d energy=%s", n, s1))
