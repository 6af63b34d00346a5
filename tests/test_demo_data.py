from django.core.management import call_command

from partijen.models import Partij, PartijIdentificator


def test_demo_data_loads_realistic_partijen_and_a_second_run_adds_nothing(db, capsys):
    call_command("load_demo_data")
    first = Partij.objects.count()
    assert first >= 5
    assert PartijIdentificator.objects.filter(
        partij_identificator_code_soort_object_id="bsn", partij_identificator_object_id="999993653"
    ).exists()
    assert Partij.objects.filter(soort_partij="organisatie").exists()
    assert Partij.objects.filter(soort_partij="contactpersoon").exists()
    assert all(p.nummer for p in Partij.objects.all())

    call_command("load_demo_data")
    assert Partij.objects.count() == first
    assert "0 partij(en) created" in capsys.readouterr().out
