"""`python -m devstack --base-port N` moves every port, so that two checkouts run side by side."""
from devstack import DEFAULT_METRICS_PORTS, DEFAULT_PORTS
from devstack.__main__ import DEFAULT_DATABASE_PORT, port_plan


def every_port(plan):
    ports, metrics, database = plan
    return [*ports.values(), *metrics.values(), database]


def test_without_options_the_documented_ports():
    assert port_plan() == (DEFAULT_PORTS, DEFAULT_METRICS_PORTS, DEFAULT_DATABASE_PORT)


def test_a_base_port_moves_every_port_and_two_stacks_share_none():
    first, second = port_plan(), port_plan(base_port=18080)
    assert second[0]["operator_service"] == 18080
    assert len(set(every_port(second))) == 9
    assert not set(every_port(first)) & set(every_port(second))


def test_the_public_and_database_ports_can_still_be_chosen_alone():
    ports, _, database = port_plan(base_port=18080, public_port=9000, database_port=27999)
    assert ports["operator_service"] == 9000 and database == 27999 and ports["auth_service"] == 18081


def test_a_port_one_process_took_is_never_handed_to_another(tmp_path):
    """Parallel test workers each start stacks on random ports: two once drew the same one."""
    import subprocess
    import sys

    import devstack

    port = devstack.free_port()
    holder = subprocess.Popen([sys.executable, "-c", f"import devstack, sys, time; assert devstack._claim({port + 1}); "
                               "print('held', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert not devstack._claim(port + 1)  # taken by the other process
    finally:
        holder.kill()
        holder.wait()
    assert devstack._claim(port + 1)  # the holder is gone, and its lock with it
