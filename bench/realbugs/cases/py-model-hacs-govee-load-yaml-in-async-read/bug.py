"""custom_components/govee (hacs-govee 2024.x): learning storage + integration setup.

The Govee integration runs inside Home Assistant's event loop; the govee_api_laggat
library awaits GoveeLearningStorage.read() while fetching devices.
"""
import logging

import dacite
import yaml
from govee_api_laggat import Govee, GoveeAbstractLearningStorage, GoveeLearnedInfo
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util.yaml import load_yaml

_LOGGER = logging.getLogger(__name__)
DOMAIN = "govee"
LEARNING_STORAGE_YAML = "/govee_learning.yaml"


class GoveeLearningStorage(GoveeAbstractLearningStorage):
    """The govee_api_laggat library uses this to store learned information about lights."""

    def __init__(self, hass, *args, **kwargs):
        """Get the config directory."""
        super().__init__(*args, **kwargs)
        self._hass = hass
        self._config_dir = hass.config.config_dir

    async def read(self):
        """Restore from yaml file."""
        learned_info = {}
        try:
            learned_dict = load_yaml(self._config_dir + LEARNING_STORAGE_YAML)
            learned_info = {
                device: dacite.from_dict(
                    data_class=GoveeLearnedInfo, data=learned_dict[device]
                )
                for device in learned_dict
            }
            _LOGGER.info(
                "Loaded learning information from %s.",
                self._config_dir + LEARNING_STORAGE_YAML,
            )
        except FileNotFoundError:
            _LOGGER.warning(
                "There is no %s file containing learned information about your devices. "
                + "This is normal for first start of Govee integration.",
                self._config_dir + LEARNING_STORAGE_YAML,
            )
        except (
            dacite.DaciteError,
            TypeError,
            UnicodeDecodeError,
            yaml.YAMLError,
        ) as ex:
            _LOGGER.warning(
                "The %s file containing learned information about your devices is invalid: %s. "
                + "Learning starts from scratch.",
                self._config_dir + LEARNING_STORAGE_YAML,
                ex,
            )
        return learned_info


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry):
    """Set up Govee from a config entry (runs on the event loop)."""
    config = entry.data
    api_key = config["api_key"]

    # get devices and connect to the api
    hub = await Govee.create(
        api_key, learning_storage=GoveeLearningStorage(hass)
    )
    # keep reference for disposing
    hass.data[DOMAIN] = {}
    hass.data[DOMAIN]["hub"] = hub

    # inform the user if we cannot connect
    _, err = await hub.get_devices()
    if err:
        _LOGGER.warning("Could not connect to Govee API: %s", err)
        await hub.close()
        return False
    return True
