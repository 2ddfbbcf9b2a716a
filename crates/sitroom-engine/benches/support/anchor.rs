//! The anchor every engine bench measures in the same run.

use std::time::{Duration, Instant};

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The anchor: a bare bevy_ecs loop doing comparable work — a fresh World
/// and Schedule on the single-threaded executor, 55 entities, 3 chained
/// systems, 120 ticks — measured in the same run, so that figures on a
/// noisy machine are read as ratios to it.
pub fn bare_loop() -> Duration {
    use bevy_ecs::prelude::*;
    #[derive(Component)]
    struct Value(u64);
    #[derive(Resource, Default)]
    struct Tick(u64);
    fn clock(mut t: ResMut<Tick>) {
        t.0 += 1;
    }
    fn grow(t: Res<Tick>, mut q: Query<&mut Value>) {
        for mut v in &mut q {
            v.0 = v.0.wrapping_add(t.0);
        }
    }
    fn check(q: Query<&Value>, mut t: ResMut<Tick>) {
        if q.iter().any(|v| v.0 == u64::MAX) {
            t.0 = 0;
        }
    }
    let samples = (0..201)
        .map(|_| {
            let start = Instant::now();
            let mut world = World::new();
            world.init_resource::<Tick>();
            for i in 0..55 {
                world.spawn(Value(i));
            }
            let mut schedule = Schedule::default();
            schedule.set_executor(bevy_ecs::schedule::SingleThreadedExecutor::new());
            schedule.add_systems((clock, grow, check).chain());
            for _ in 0..120 {
                schedule.run(&mut world);
            }
            std::hint::black_box(world.resource::<Tick>().0);
            start.elapsed()
        })
        .collect();
    median(samples)
}
